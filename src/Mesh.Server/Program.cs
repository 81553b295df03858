using Mesh.Server.Hosting;

var options = MeshServerArguments.Parse(args, Environment.GetEnvironmentVariable, out var error);
if (options is null)
{
    if (error is not null)
    {
        await Console.Error.WriteLineAsync("error: " + error);
        await Console.Error.WriteLineAsync(MeshServerArguments.Usage);
        return 2;
    }

    Console.WriteLine(MeshServerArguments.Usage);
    return 0;
}

try
{
    await using var server = await MeshServer.StartAsync(options);
    await server.WaitForShutdownAsync();

    // The host stops when a background service fails, but would end the process with 0: a supervisor that restarts on
    // failure would leave the server down.
    return server.Failure is null ? 0 : 1;
}
catch (InvalidDataException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 1;
}
catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"error: {options.Listen} is already in use; is another control server running? Use --listen to pick another address.");
    return 1;
}
