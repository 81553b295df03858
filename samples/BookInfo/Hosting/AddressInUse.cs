using Microsoft.AspNetCore.Connections;

namespace BookInfo.Hosting;

/// <summary>Recognizes Kestrel's "address already in use", the most common reason BookInfo cannot start.</summary>
internal static class AddressInUse
{
    public static bool Is(Exception exception) =>
        exception is IOException
        && (exception.InnerException is AddressInUseException
            || exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
}
