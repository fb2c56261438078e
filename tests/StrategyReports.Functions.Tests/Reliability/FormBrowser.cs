using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// A returns officer's browser without JavaScript: opens a personal link, keeps the form's session cookie (by hand, so
/// it works over plain HTTP to the app's own process, which is told the connection was HTTPS as App Service's front end
/// tells it), reads the form's hidden fields and posts the form.
/// </summary>
internal sealed partial class FormBrowser(HttpClient http, bool behindTlsFrontEnd)
{
    private string? _session;

    /// <summary>A browser for the app in its own process: its own client, which leaves redirects and cookies to this class.</summary>
    public static FormBrowser For(AppProcess app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Http.BaseAddress }, behindTlsFrontEnd: true);
    }

    /// <summary>Issues a personal link for <paramref name="partner"/> as the admin and opens it.</summary>
    public async Task OpenAsync(string partner)
    {
        using var issue = AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{LiveApp.PartnershipId}/links");
        issue.Content = JsonContent.Create(new { partner, expiresInDays = 30 });
        using var issued = await http.SendAsync(issue);
        issued.EnsureSuccessStatusCode();
        var link = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        using var opened = await http.SendAsync(Request(HttpMethod.Get, link));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        _session = opened.Headers.GetValues("Set-Cookie").Select(cookie => cookie.Split(';')[0]).Single(cookie => cookie.Contains("strategyreports-link=", StringComparison.Ordinal));
    }

    /// <summary>The form as the browser gets it: the partner's page, then the first return it can send now; the partner's page itself when it shows none (an error page, say).</summary>
    public async Task<HttpResponseMessage> GetFormAsync()
    {
        var home = await http.SendAsync(Request(HttpMethod.Get, "/r"));
        var due = home.IsSuccessStatusCode ? DueReturn().Match(await home.Content.ReadAsStringAsync()) : Match.Empty;
        if (!due.Success)
        {
            return home;
        }

        home.Dispose();
        return await http.SendAsync(Request(HttpMethod.Get, due.Groups[1].Value));
    }

    /// <summary>The hidden fields of the form page: its proof, period, ETag and the submission's idempotency key.</summary>
    public async Task<Dictionary<string, string>> HiddenFieldsAsync()
    {
        using var form = await GetFormAsync();
        var html = await form.Content.ReadAsStringAsync();
        return form.IsSuccessStatusCode
            ? Hidden(html)
            : throw new HttpRequestException($"The return form: {(int)form.StatusCode} {html}", null, form.StatusCode);
    }

    /// <summary>Posts the form with its hidden fields, a vacancies figure and <paramref name="marker"/> as the achievements.</summary>
    public Task<HttpResponseMessage> PostAsync(IReadOnlyDictionary<string, string> hidden, int vacancies, string marker, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Post, "/r");
        request.Content = new FormUrlEncodedContent(hidden.Concat(new Dictionary<string, string>
        {
            ["values.vacancies"] = vacancies.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["narrative.achievements"] = marker,
            ["submittedBy"] = "Returns officer",
        }));
        return http.SendAsync(request, cancellationToken);
    }

    /// <summary>The version a confirmation page reports, e.g. 3 for <c>LIVE/2026-27-Q3/CARE-HOME/V3</c>; null when the page is not a confirmation.</summary>
    public static int? ConfirmedVersion(string html)
    {
        var match = Reference().Match(html);
        return html.Contains("Return submitted", StringComparison.Ordinal) && match.Success
            ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        if (_session is not null)
        {
            request.Headers.Add("Cookie", _session);
        }

        if (behindTlsFrontEnd)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        return request;
    }

    // The page's first form is the return itself; the upload form after it repeats some of its hidden fields.
    private static Dictionary<string, string> Hidden(string html) =>
        HiddenField().Matches(html).DistinctBy(m => m.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<a href=\"(/r/returns/[0-9]{4}-[0-9]{2}-Q[1-4])\"")]
    private static partial Regex DueReturn();

    [GeneratedRegex(@"/V(\d+)\b")]
    private static partial Regex Reference();
}
