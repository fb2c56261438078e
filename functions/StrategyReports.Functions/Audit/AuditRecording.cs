using System.Globalization;
using System.Security.Claims;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Audit;

/// <summary>Marks an endpoint whose requests the audit trail leaves out, and says why.</summary>
public sealed record NotAuditedMetadata(string Reason);

/// <summary>
/// Records every state-changing request (anything but GET, HEAD, OPTIONS and TRACE) in the <see cref="AuditTrail"/>,
/// whichever endpoint answers it, API or page: one place, so a new endpoint is audited without asking. An
/// endpoint leaves the trail only with <see cref="NotAudited{TBuilder}"/> and a reason.
/// </summary>
public static class AuditRecording
{
    /// <summary>
    /// Why anonymous survey responses stay out of the trail: a response is stored with its day only, so that
    /// nothing times it to the minute a member of staff answered; a timed audit row would undo that.
    /// </summary>
    public const string SurveyResponseReason =
        "An anonymous survey response: responses keep only their day, and a timed audit row beside them could tie one to the person who answered.";

    // Route values that could carry a secret are never recorded, whatever the route calls them.
    private static readonly HashSet<string> SecretRouteValues = new(StringComparer.OrdinalIgnoreCase) { "token", "code", "key" };

    public static TBuilder NotAudited<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        builder.Add(endpoint => endpoint.Metadata.Add(new NotAuditedMetadata(reason)));
        return builder;
    }

    /// <summary>Whether requests to the endpoint are recorded: every state-changing endpoint not marked <see cref="NotAudited{TBuilder}"/>.</summary>
    public static bool IsAudited(Endpoint endpoint, string method)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return !IsSafe(method) && endpoint.Metadata.GetMetadata<NotAuditedMetadata>() is null;
    }

    /// <summary>Outside the exception handler, so the status recorded is the one the caller got, problem details included.</summary>
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is null || !IsAudited(endpoint, context.Request.Method))
            {
                await next(context);
                return;
            }

            // Copied now: the exception handler clears the route values before it writes its answer.
            var values = context.Request.RouteValues.ToDictionary(pair => pair.Key, pair => Convert.ToString(pair.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
            // Read before the answer starts: reading the form's session cookie may renew it, which needs the headers unsent.
            var link = context.Request.Path.StartsWithSegments(LinkSession.FormPath) ? await LinkSession.ReadAsync(context) : null;
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                await RecordAsync(context, endpoint, values, link, status);
            }
        });

    private static async Task RecordAsync(HttpContext context, Endpoint endpoint, Dictionary<string, string> values, (string PartnershipId, string LinkId, string PartnerId)? link, int status)
    {
        try
        {
            var who = Who(context, link);
            var partnership = values.GetValueOrDefault("partnershipId") is { } named && RouteValues.IsId(named) ? named : link?.PartnershipId ?? AuditTrail.DeploymentPartition;
            var what = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "unnamed endpoint";
            var route = string.Join(", ", values.Where(pair => !SecretRouteValues.Contains(pair.Key) && pair.Key != "partnershipId").OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
            var time = context.RequestServices.GetRequiredService<TimeProvider>();
            await context.RequestServices.GetRequiredService<AuditTrail>()
                .RecordAsync(partnership, new AuditEntry(time.GetUtcNow(), who, what, context.Request.Method, route, status), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The answer has gone; a trail that cannot be written is logged, never turned into a failed request.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditRecording))
                .LogError(e, "Could not record {Method} {Endpoint} in the audit trail", context.Request.Method, endpoint.DisplayName);
        }
    }

    private static string Who(HttpContext context, (string PartnershipId, string LinkId, string PartnerId)? link)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            return Describe(user);
        }

        if (link is { } session)
        {
            return $"personal link for partner {session.PartnerId}";
        }

        return Policies.IsFunctionsHostInvocation(context) ? "the Functions host (timer)" : "anonymous";
    }

    private static string Describe(ClaimsPrincipal user)
    {
        var roles = Grant.Of(user).Select(g => g.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var name = user.Identity?.Name ?? "unnamed";
        return roles.Count == 0 ? name : $"{name} ({string.Join(", ", roles)})";
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
