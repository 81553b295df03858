using Mesh.Policy.Parsing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Discovery;

/// <summary>
/// Embedded mode: policy and endpoints from local YAML/JSON files (or directories of them), read at start-up
/// (an invalid file stops start-up with every error) and watched afterwards (an invalid edit is reported and
/// the last good policy stays in force).
/// </summary>
internal sealed partial class LocalPolicyFiles(MeshRuntime runtime, ILogger<LocalPolicyFiles> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);
    private readonly List<FileSystemWatcher> _watchers = [];
    private Timer? _reload;
    private long _revision;
    private readonly Lock _reloading = new();
    private string _applied = "";

    // What Load was reading when it failed: a file, or the files being parsed together.
    private string _reading = "";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Options.ControlPlane.Count > 0 || runtime.Options.PolicyFiles.Count == 0)
        {
            return Task.CompletedTask;
        }

        var result = Load();
        if (result.HasErrors)
        {
            throw new InvalidOperationException("Mesh:PolicyFiles are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, result.Errors));
        }

        _applied = Fingerprint(result);
        runtime.Update(result.Resources, ++_revision);
        _reload = new Timer(static state => ((LocalPolicyFiles)state!).Reload(), this, Timeout.Infinite, Timeout.Infinite);
        foreach (var path in runtime.Options.PolicyFiles)
        {
            var full = Path.GetFullPath(path);
            var watcher = Directory.Exists(full)
                ? new FileSystemWatcher(full) { IncludeSubdirectories = false }
                : new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full));
            watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size;
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += OnChange;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _reload?.Dispose();
    }

    // Editors write a file in several steps: wait until the changes settle, then read once.
    private void OnChange(object sender, FileSystemEventArgs e) => _reload?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        lock (_reloading)
        {
            ReloadLocked();
        }
    }

    private void ReloadLocked()
    {
        try
        {
            var result = Load();
            if (result.HasErrors)
            {
                LogInvalid(logger, string.Join(Environment.NewLine, result.Errors));
                return;
            }

            // Editors touch files without changing them, and write them in steps: recompile only on a real change.
            var fingerprint = Fingerprint(result);
            if (fingerprint == _applied)
            {
                return;
            }

            _applied = fingerprint;
            runtime.Update(result.Resources, Interlocked.Increment(ref _revision));
        }
        catch (Exception ex)
        {
            // This runs on a timer thread, where an exception would end the process.
            LogUnusable(logger, _reading, ex.GetType().Name + ": " + ex.Message, ex);
        }
    }

    private PolicyParseResult Load()
    {
        var sources = new List<(string, string?)>();
        foreach (var path in runtime.Options.PolicyFiles)
        {
            // A file named directly is read even when it has gone: an editor's save or a mistaken delete is no
            // reason to drop every route, so the read fails and the last good policy stays (empty the file to clear).
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(IsPolicyFile).Order(StringComparer.Ordinal)
                : [path];
            foreach (var file in files)
            {
                _reading = file;
                sources.Add((File.ReadAllText(file), file));
            }
        }

        _reading = string.Join(", ", sources.Select(s => s.Item2));

        return PolicyParser.ParseMany(sources, new PolicyParseOptions { DefaultNamespace = runtime.Options.Namespace });
    }

    private static string Fingerprint(PolicyParseResult result) =>
        string.Join('\n', result.Resources.Select(r => Policy.Serialization.PolicySerializer.ToJson(r, indented: false)));

    private static bool IsPolicyFile(string path) =>
        Path.GetExtension(path) is ".yaml" or ".yml" or ".json";

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Mesh policy files are invalid; keeping the last good policy:\n{Errors}")]
    private static partial void LogInvalid(ILogger logger, string errors);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Mesh policy file {File} could not be used ({Reason}); keeping the last good policy, will retry on the next change")]
    private static partial void LogUnusable(ILogger logger, string file, string reason, Exception exception);
}
