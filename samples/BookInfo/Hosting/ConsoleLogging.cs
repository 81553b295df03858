namespace BookInfo.Hosting;

/// <summary>One console format for every service of the process, each line tagged with the workload it comes from.</summary>
internal static class ConsoleLogging
{
    public static void Configure(ILoggingBuilder logging, Workload workload)
    {
        logging.ClearProviders();

        // Six services share one console in the default mode: the quoted literal in the timestamp format is the
        // cheapest way to say on every line which of them is speaking.
        var tag = workload.Service + "-" + workload.Version;
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss '" + tag + "' ";
        });

        // Quiet unless something is wrong: the control server already logs registrations and applies.
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Mesh.AccessLog", LogLevel.Information);
        logging.AddFilter(TraceLog.Category, LogLevel.Information);
    }
}
