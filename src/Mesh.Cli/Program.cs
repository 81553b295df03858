using Mesh.Cli;

return await MeshCtl.RunAsync(args, MeshCtlContext.ForConsole()).ConfigureAwait(false);
