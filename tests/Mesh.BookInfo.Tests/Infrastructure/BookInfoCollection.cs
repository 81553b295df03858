namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>The tests that share one running BookInfo; they run one after another, each setting the policy it needs.</summary>
[CollectionDefinition(Name)]
public sealed class BookInfoCollection : ICollectionFixture<BookInfoCluster>
{
    public const string Name = "BookInfo";
}
