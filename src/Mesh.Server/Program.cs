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
    await Console.Error.WriteLineAsync("error: " + OneLine(ex.Message));
    return 1;
}
catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"error: {options.Listen} is already in use; is another control server running? Use --listen to pick another address.");
    return 1;
}
catch (Mesh.Server.Storage.StoreWriteException ex)
{
    await Console.Error.WriteLineAsync($"error: {OneLine(ex.Message)}; check that the data directory is writable by this user and its disk has free space");
    return 1;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync("error: the control server could not start: " + OneLine(ex.Message));
    return 1;
}
catch (Exception ex)
{
    // Anything else is a bug, but an operator still gets one line and an exit code, not an abort with a core dump.
    await Console.Error.WriteLineAsync($"error: the control server stopped: {ex.GetType().Name}: {OneLine(ex.Message)}");
    return 1;
}

// Exit messages are one line, so that log collectors and scripts keep them whole.
static string OneLine(string message) => message.ReplaceLineEndings(" ");
