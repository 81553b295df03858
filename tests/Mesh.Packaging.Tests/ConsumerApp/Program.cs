// A user's first meshed service, as the README shows it, built from the packed Mesh.Client: it serves "/" and
// calls itself by service name through a meshed HttpClient; a VirtualService adds a header on the way, which
// only the mesh can have added. It prints what came back and exits.
var policy = args[0];
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddMesh(o =>
{
    o.ServiceName = "shop";
    o.Register = false;
    o.PolicyFiles.Add(policy);
});
builder.Services.AddHttpClient("shop").AddMesh();

var app = builder.Build();
app.UseMesh();
app.MapGet("/", (HttpRequest request) => "served, x-routed-by=" + request.Headers["x-routed-by"]);
await app.StartAsync();

var port = new Uri(app.Urls.First()).Port;
await File.WriteAllTextAsync(Path.Combine(policy, "shop.yaml"), $"""
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata:
      name: shop-1
    spec:
      address: 127.0.0.1
      ports:
        http: {port}
      labels:
        app: shop
    ---
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata:
      name: shop
    spec:
      hosts: [shop]
      http:
      - headers:
          request:
            set:
              x-routed-by: mesh
        route:
        - destination:
            host: shop
    """);

var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("shop");
var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
while (true)
{
    try
    {
        var body = await http.GetStringAsync(new Uri("http://shop/"));
        if (body.Contains("x-routed-by=mesh", StringComparison.Ordinal) || DateTimeOffset.UtcNow > deadline)
        {
            Console.WriteLine(body);
            break;
        }
    }
    catch (HttpRequestException ex) when (DateTimeOffset.UtcNow <= deadline)
    {
        Console.Error.WriteLine("not yet: " + ex.Message); // the policy file is being picked up
    }

    await Task.Delay(200);
}

await app.StopAsync();
