namespace StrategyReports.Functions.Security;

/// <summary>
/// A personal link's token is a credential, so a path under <c>/r/</c> is never logged with it. ASP.NET Core's
/// request lines ("Request starting GET …/r/{token}") are kept to warnings whatever the log settings say, and
/// the app's own log lines name such a path through <see cref="Redact"/>.
/// </summary>
public static class RequestLogRedaction
{
    /// <summary>Framework categories whose lines below this level name the request path.</summary>
    private static readonly (string Category, LogLevel Minimum)[] PathLoggers =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),
        ("Microsoft.AspNetCore.Routing", LogLevel.Information),
        ("Microsoft.AspNetCore.HostFiltering", LogLevel.Information),
    ];

    public static ILoggingBuilder AddRequestPathRedaction(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // After every other configuration, for every provider named in it, so no setting can lower it again.
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (var provider in options.Rules.Select(rule => rule.ProviderName).Append(null).Distinct().ToList())
            {
                foreach (var (category, minimum) in PathLoggers)
                {
                    options.Rules.Add(new LoggerFilterRule(provider, category, minimum, null));
                }
            }
        });
        return logging;
    }

    /// <summary>The path as it may be logged: <c>/r/{token}</c> becomes <c>/r/[token]</c>.</summary>
    public static string Redact(PathString path) =>
        path.StartsWithSegments(LinkSession.FormPath, out var rest) && rest.HasValue && rest.Value != "/"
            ? LinkSession.FormPath + "/[token]"
            : path.Value ?? "";
}
