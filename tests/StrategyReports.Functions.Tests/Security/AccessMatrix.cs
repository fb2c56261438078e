namespace StrategyReports.Functions.Tests.Security;

/// <summary>Who is calling, in the authorization matrix.</summary>
public enum Caller
{
    Anonymous,

    /// <summary>A browser that opened partner X's personal link (its session cookie for the return form).</summary>
    PersonalLinkOfPartnerX,

    /// <summary>Partner X's API key.</summary>
    PartnerKey,

    LeadOfPartnership,

    /// <summary>A lead of the "wellbeing" programme only.</summary>
    LeadOfOneProgramme,

    LeadOfAnotherPartnership,

    /// <summary>An admin of another partnership: an admin, but not of bury.</summary>
    AdminOfAnotherPartnership,

    AdminOfPartnership,

    AdminOfAll,

    /// <summary>A hand-made X-MS-CLIENT-PRINCIPAL claiming admin, where the setting asks to trust it but App Service authentication is off.</summary>
    ForgedPrincipalWithoutPlatformAuth,

    /// <summary>The same header where App Service authentication is on (so the platform put it there).</summary>
    PrincipalWithPlatformAuth,
}

/// <summary>
/// One cell row of the matrix: a request to one endpoint and what each caller gets. An endpoint may have several
/// rows (a file a scoped lead may read and one it may not). Add a row for every endpoint you map; the matrix
/// fails for an endpoint without one.
/// </summary>
/// <param name="Method">The endpoint's HTTP method.</param>
/// <param name="Route">The endpoint's route pattern, exactly as mapped.</param>
/// <param name="Path">The request's path; <c>{link}</c> stands for partner X's personal link.</param>
/// <param name="Expected">The status each caller gets; <see cref="AccessMatrix.Allowed"/> for "past authorization" (a 4xx about the request itself).</param>
/// <param name="Body">A request body, JSON unless <paramref name="Form"/>.</param>
/// <param name="ContentType">The body's media type when it is neither JSON nor a form (an uploaded table).</param>
/// <param name="ValuesInBody">Whether an allowed 200 is searched for figures outside the caller's scope (false for the strategy document, which holds no figures).</param>
public sealed record AccessRow(
    string Name,
    string Method,
    string Route,
    string Path,
    IReadOnlyDictionary<Caller, int> Expected,
    string? Body = null,
    bool Form = false,
    bool ValuesInBody = true,
    string? ContentType = null)
{
    public override string ToString() => Name;
}

public static class AccessMatrix
{
    /// <summary>Past every access check: any answer but 401, 403 or a server error.</summary>
    public const int Allowed = 0;

    private const string P = "/api/partnerships/bury";
    private const string Q = AccessMatrixFixture.Period;

    public static readonly IReadOnlyList<AccessRow> Rows =
    [
        // Public pages and probes.
        new("home", "GET", "/{ignored:maxlength(0)?}", "/", Everyone(200)),
        new("anonymity statement", "GET", "/about/anonymity", "/about/anonymity", Everyone(200)),
        new("sign-in page", "GET", "/signin", "/signin", Everyone(200)),
        new("sign-in without the form's token", "POST", "/signin", "/signin", Everyone(400), "key=test-admin-key", Form: true),
        new("sign-out", "POST", "/signout", "/signout", Everyone(302)),
        new("asset", "GET", "/assets/{*path}", "/assets/site.css", Everyone(200)),
        new("browser icon", "GET", "/favicon.ico", "/favicon.ico", Everyone(200)),
        new("health", "GET", "/api/health", "/api/health", Everyone(200)),

        // Leads' pages: anonymous callers are sent to sign in.
        new("partnership page", "GET", "/partnerships/{partnershipId}", "/partnerships/bury", LeadPage()),
        new("returns status page", "GET", "/partnerships/{partnershipId}/returns/{period}", $"/partnerships/bury/returns/{Q}", LeadPage()),
        new("review page of partner Y's return", "GET", "/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"/partnerships/bury/returns/{Q}/trust", LeadPage()),
        new("decide on partner Y's return on its page (no decision)", "POST", "/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"/partnerships/bury/returns/{Q}/trust",
            With(LeadPage(Allowed), (Caller.LeadOfOneProgramme, 403)), "basedOnVersion=1", Form: true),
        new("chasing page", "GET", "/partnerships/{partnershipId}/returns/{period}/chasing", $"/partnerships/bury/returns/{Q}/chasing", LeadPage()),
        new("send reminders from the chasing page", "POST", "/partnerships/{partnershipId}/returns/{period}/chasing", $"/partnerships/bury/returns/{Q}/chasing", LeadPage(Allowed), "all=true", Form: true),
        new("reports page", "GET", "/partnerships/{partnershipId}/reports/{period}", $"/partnerships/bury/reports/{Q}", LeadPage()),

        new("programme log page of the led programme", "GET", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}", $"/partnerships/bury/programmes/wellbeing/{Q}", LeadPage()),
        new("programme log page of another programme", "GET", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}", $"/partnerships/bury/programmes/recruitment/{Q}",
            With(LeadPage(), (Caller.LeadOfOneProgramme, 403))),
        new("add a risk on another programme's page", "POST", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}", $"/partnerships/bury/programmes/recruitment/{Q}",
            With(ReadersOfBury(Allowed), (Caller.Anonymous, 302), (Caller.PersonalLinkOfPartnerX, 302), (Caller.ForgedPrincipalWithoutPlatformAuth, 302), (Caller.LeadOfOneProgramme, 403)),
            "form=risk&description=x", Form: true),
        new("a risk's page of the led programme (unknown)", "GET", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}/risks/{riskId}", $"/partnerships/bury/programmes/wellbeing/{Q}/risks/risk-1",
            LeadPage(Allowed)),
        new("a risk's page of another programme", "GET", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}/risks/{riskId}", $"/partnerships/bury/programmes/recruitment/{Q}/risks/risk-1",
            With(LeadPage(Allowed), (Caller.LeadOfOneProgramme, 403))),
        new("rescore another programme's risk on its page", "POST", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}/risks/{riskId}", $"/partnerships/bury/programmes/recruitment/{Q}/risks/risk-1",
            With(LeadPage(Allowed), (Caller.LeadOfOneProgramme, 403)), "description=x&owner=y&likelihood=5&consequence=5&status=open", Form: true),
        new("a milestone's page of another programme", "GET", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}/milestones/{milestoneId}", $"/partnerships/bury/programmes/recruitment/{Q}/milestones/milestone-1",
            With(LeadPage(Allowed), (Caller.LeadOfOneProgramme, 403))),
        new("complete another programme's milestone on its page", "POST", "/partnerships/{partnershipId}/programmes/{programmeId}/{period}/milestones/{milestoneId}", $"/partnerships/bury/programmes/recruitment/{Q}/milestones/milestone-1",
            With(LeadPage(Allowed), (Caller.LeadOfOneProgramme, 403)), "status=complete", Form: true),

        // Strategy.
        new("publish strategy (empty body)", "PUT", "/api/partnerships/{partnershipId}/strategy", $"{P}/strategy", AdminsOfBury(Allowed), "{}"),
        new("strategy", "GET", "/api/partnerships/{partnershipId}/strategy", $"{P}/strategy", ReadersOfBury(200), ValuesInBody: false),
        new("strategy versions", "GET", "/api/partnerships/{partnershipId}/strategy/versions", $"{P}/strategy/versions", ReadersOfBury(200), ValuesInBody: false),
        new("strategy version", "GET", "/api/partnerships/{partnershipId}/strategy/versions/{version:int}", $"{P}/strategy/versions/1", ReadersOfBury(200), ValuesInBody: false),

        // Returns.
        new("submit partner X's return (malformed)", "PUT", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"{P}/returns/{Q}/bury-council",
            With(AdminsOfBury(Allowed), (Caller.PartnerKey, Allowed)), "{"),
        new("submit partner Y's return (malformed)", "PUT", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"{P}/returns/{Q}/trust", AdminsOfBury(Allowed), "{"),
        new("partner X's return", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"{P}/returns/{Q}/bury-council",
            With(ReadersOfBury(200), (Caller.PartnerKey, 200))),
        new("partner Y's return", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}", $"{P}/returns/{Q}/trust", ReadersOfBury(200)),
        new("partner X's draft", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/draft", $"{P}/returns/{Q}/bury-council/draft",
            With(AdminsOfBury(Allowed), (Caller.PartnerKey, Allowed))),
        new("partner Y's draft", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/draft", $"{P}/returns/{Q}/trust/draft", AdminsOfBury(Allowed)),
        new("save partner X's draft (malformed)", "PUT", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/draft", $"{P}/returns/{Q}/bury-council/draft",
            With(AdminsOfBury(Allowed), (Caller.PartnerKey, Allowed)), "{"),
        new("save partner Y's draft (malformed)", "PUT", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/draft", $"{P}/returns/{Q}/trust/draft", AdminsOfBury(Allowed), "{"),
        new("returns completeness", "GET", "/api/partnerships/{partnershipId}/returns/{period}", $"{P}/returns/{Q}", ReadersOfBury(200)),
        // Reviews: a decision covers the whole return, so a lead of only one of its programmes reads but cannot decide;
        // a partner never reviews, not even its own return, but reads the decisions on its own (to see a query).
        new("review partner X's return (no decision)", "POST", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/reviews", $"{P}/returns/{Q}/bury-council/reviews",
            OtherProgramme(Allowed), "{}"),
        new("review partner Y's return (no decision)", "POST", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/reviews", $"{P}/returns/{Q}/trust/reviews",
            OtherProgramme(Allowed), "{}"),
        new("partner X's review history", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/reviews", $"{P}/returns/{Q}/bury-council/reviews",
            With(ReadersOfBury(200), (Caller.PartnerKey, 200))),
        new("partner Y's review history", "GET", "/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/reviews", $"{P}/returns/{Q}/trust/reviews", ReadersOfBury(200)),
        new("chase list", "GET", "/api/partnerships/{partnershipId}/returns/{period}/chasing", $"{P}/returns/{Q}/chasing", ReadersOfBury(200)),
        new("send reminders to every missing partner", "POST", "/api/partnerships/{partnershipId}/returns/{period}/reminders", $"{P}/returns/{Q}/reminders", ReadersOfBury(Allowed), "{}"),
        new("reopen a period (outside the strategy)", "POST", "/api/partnerships/{partnershipId}/periods/{period}/reopening", $"{P}/periods/2030-31-Q1/reopening", AdminsOfBury(Allowed)),
        new("close a period again (outside the strategy)", "DELETE", "/api/partnerships/{partnershipId}/periods/{period}/reopening", $"{P}/periods/2030-31-Q1/reopening", AdminsOfBury(Allowed)),

        // Personal links and the return form.
        new("issue a link (no partner)", "POST", "/api/partnerships/{partnershipId}/links", $"{P}/links", AdminsOfBury(Allowed), "{}"),
        new("links", "GET", "/api/partnerships/{partnershipId}/links", $"{P}/links", AdminsOfBury(200)),
        new("revoke a link (unknown)", "DELETE", "/api/partnerships/{partnershipId}/links/{linkId}", $"{P}/links/no-such-link", AdminsOfBury(Allowed)),
        new("personal link", "GET", "/r/{token}", "{link}", Everyone(302)),
        new("partner's page", "GET", "/r", "/r", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 200))),
        new("return form for a period", "GET", "/r/returns/{period}", $"/r/returns/{Q}", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 200))),
        new("return form draft post without the page's proof", "POST", "/r/returns/{period}", $"/r/returns/{Q}",
            With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 403)), $"action=draft&period={Q}&values.vacancies=1", Form: true),
        new("return form continue post without the page's proof", "POST", "/r/returns/{period}/check", $"/r/returns/{Q}/check",
            With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 403)), $"action=continue&period={Q}&values.vacancies=1", Form: true),
        new("return form post without the page's proof", "POST", "/r", "/r", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 403)), "values.vacancies=1", Form: true),
        new("return as a spreadsheet", "GET", "/r/return.csv", "/r/return.csv", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 200))),
        new("return as a workbook", "GET", "/r/return.xlsx", "/r/return.xlsx", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 200)), ValuesInBody: false),
        new("return upload without the page's proof", "POST", "/r/upload", "/r/upload", With(Everyone(401), (Caller.PersonalLinkOfPartnerX, 403)), "check=yes", Form: true),

        // Rollups and reports.
        new("run rollup", "POST", "/api/partnerships/{partnershipId}/rollups/{period}", $"{P}/rollups/{Q}", AdminsOfBury(200)),
        new("rollup", "GET", "/api/partnerships/{partnershipId}/rollups/{period}", $"{P}/rollups/{Q}", ReadersOfBury(200)),
        new("generate reports", "POST", "/api/partnerships/{partnershipId}/reports/{period}", $"{P}/reports/{Q}", AdminsOfBury(200)),
        new("report list", "GET", "/api/partnerships/{partnershipId}/reports/{period}", $"{P}/reports/{Q}", ReadersOfBury(200)),
        new("highlight report of the led programme", "GET", "/api/partnerships/{partnershipId}/reports/{period}/{file}", $"{P}/reports/{Q}/wellbeing.html", ReadersOfBury(200)),
        new("highlight report of another programme", "GET", "/api/partnerships/{partnershipId}/reports/{period}/{file}", $"{P}/reports/{Q}/recruitment.pdf",
            With(ReadersOfBury(200), (Caller.LeadOfOneProgramme, 403))),
        new("board pack of both programmes", "GET", "/api/partnerships/{partnershipId}/reports/{period}/{file}", $"{P}/reports/{Q}/board.pdf",
            With(ReadersOfBury(200), (Caller.LeadOfOneProgramme, 403))),
        new("board pack of the led programme only", "GET", "/api/partnerships/{partnershipId}/reports/{period}/{file}", $"{P}/reports/{Q}/wellbeing-group.html", ReadersOfBury(200)),

        // What programme leads write: a lead of one programme writes and reads only its own; partners none.
        new("lead highlight of the led programme", "GET", "/api/partnerships/{partnershipId}/highlights/{period}/{programmeId}", $"{P}/highlights/{Q}/wellbeing", ReadersOfBury(200)),
        new("lead highlight of another programme", "GET", "/api/partnerships/{partnershipId}/highlights/{period}/{programmeId}", $"{P}/highlights/{Q}/recruitment",
            OtherProgramme(200)),
        new("submit the led programme's highlight (no commentary)", "PUT", "/api/partnerships/{partnershipId}/highlights/{period}/{programmeId}", $"{P}/highlights/{Q}/wellbeing",
            ReadersOfBury(Allowed), "{\"status\": \"submitted\"}"),
        new("submit another programme's highlight", "PUT", "/api/partnerships/{partnershipId}/highlights/{period}/{programmeId}", $"{P}/highlights/{Q}/recruitment",
            OtherProgramme(Allowed), "{\"status\": \"submitted\"}"),
        new("risk log of the led programme", "GET", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks", $"{P}/programmes/wellbeing/risks", ReadersOfBury(200)),
        new("risk log of another programme", "GET", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks", $"{P}/programmes/recruitment/risks", OtherProgramme(200)),
        new("add a risk to the led programme (no fields)", "POST", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks", $"{P}/programmes/wellbeing/risks", ReadersOfBury(Allowed), "{}"),
        new("add a risk to another programme", "POST", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks", $"{P}/programmes/recruitment/risks", OtherProgramme(Allowed), "{}"),
        new("a risk of another programme (unknown)", "GET", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks/{riskId}", $"{P}/programmes/recruitment/risks/risk-1",
            OtherProgramme(Allowed)),
        new("rescore a risk of another programme", "PUT", "/api/partnerships/{partnershipId}/programmes/{programmeId}/risks/{riskId}", $"{P}/programmes/recruitment/risks/risk-1",
            OtherProgramme(Allowed), "{}"),
        new("milestones of the led programme", "GET", "/api/partnerships/{partnershipId}/programmes/{programmeId}/milestones", $"{P}/programmes/wellbeing/milestones", ReadersOfBury(200)),
        new("add a milestone to another programme", "POST", "/api/partnerships/{partnershipId}/programmes/{programmeId}/milestones", $"{P}/programmes/recruitment/milestones",
            OtherProgramme(Allowed), "{}"),
        new("update a milestone of another programme", "PUT", "/api/partnerships/{partnershipId}/programmes/{programmeId}/milestones/{milestoneId}", $"{P}/programmes/recruitment/milestones/milestone-1",
            OtherProgramme(Allowed), "{}"),

        // Exports and imports: a partner's key reaches its own organisation's returns only; the .xlsx files are
        // zipped, so their scope is checked through the CSV rows that carry the same table.
        new("returns export (CSV)", "GET", "/api/partnerships/{partnershipId}/exports/returns.csv", $"{P}/exports/returns.csv?from={Q}&to={Q}",
            With(ReadersOfBury(200), (Caller.PartnerKey, 200))),
        new("returns export (Excel)", "GET", "/api/partnerships/{partnershipId}/exports/returns.xlsx", $"{P}/exports/returns.xlsx?from={Q}&to={Q}",
            With(ReadersOfBury(200), (Caller.PartnerKey, 200)), ValuesInBody: false),
        new("rollups export (CSV)", "GET", "/api/partnerships/{partnershipId}/exports/rollups.csv", $"{P}/exports/rollups.csv?from={Q}&to={Q}", ReadersOfBury(200)),
        new("rollups export (Excel)", "GET", "/api/partnerships/{partnershipId}/exports/rollups.xlsx", $"{P}/exports/rollups.xlsx?from={Q}&to={Q}", ReadersOfBury(200), ValuesInBody: false),
        new("returns import (not a table)", "POST", "/api/partnerships/{partnershipId}/imports/returns/{period}", $"{P}/imports/returns/{Q}",
            With(AdminsOfBury(Allowed), (Caller.PartnerKey, Allowed)), "not,a,returns,table\n", ContentType: "text/csv"),
        new("API description", "GET", "/api/openapi.json", "/api/openapi.json", Everyone(200), ValuesInBody: false),

        // The admin's pages: only admins of bury; leads, partners and other partnerships' admins and leads are refused.
        new("admin home", "GET", "/partnerships/{partnershipId}/admin", "/partnerships/bury/admin", AdminPage(200)),
        new("admin strategy page", "GET", "/partnerships/{partnershipId}/admin/strategy", "/partnerships/bury/admin/strategy", AdminPage(200)),
        new("admin strategy check (no file)", "POST", "/partnerships/{partnershipId}/admin/strategy/preview", "/partnerships/bury/admin/strategy/preview", AdminPage(Allowed), "file=", Form: true),
        new("admin strategy publish (no document)", "POST", "/partnerships/{partnershipId}/admin/strategy", "/partnerships/bury/admin/strategy", AdminPage(Allowed), "basedOnVersion=x", Form: true),
        new("admin links page", "GET", "/partnerships/{partnershipId}/admin/links", "/partnerships/bury/admin/links", AdminPage(200)),
        new("admin issue a link (no partner)", "POST", "/partnerships/{partnershipId}/admin/links", "/partnerships/bury/admin/links", AdminPage(Allowed), "partner=", Form: true),
        new("admin revoke page (unknown link)", "GET", "/partnerships/{partnershipId}/admin/links/{linkId}/revoke", "/partnerships/bury/admin/links/no-such-link/revoke", AdminPage(Allowed)),
        new("admin revoke (unknown link)", "POST", "/partnerships/{partnershipId}/admin/links/{linkId}/revoke", "/partnerships/bury/admin/links/no-such-link/revoke", AdminPage(Allowed), "x=1", Form: true),
        new("admin survey codes page", "GET", "/partnerships/{partnershipId}/admin/codes", "/partnerships/bury/admin/codes", AdminPage(200)),
        new("admin issue codes (no survey)", "POST", "/partnerships/{partnershipId}/admin/codes", "/partnerships/bury/admin/codes", AdminPage(Allowed), "survey=none&count=1", Form: true),
        new("admin periods page", "GET", "/partnerships/{partnershipId}/admin/periods", "/partnerships/bury/admin/periods", AdminPage(200)),
        new("admin reopen (outside the strategy)", "POST", "/partnerships/{partnershipId}/admin/periods/{period}/reopen", "/partnerships/bury/admin/periods/2030-31-Q1/reopen", AdminPage(Allowed), "x=1", Form: true),
        new("admin close again (outside the strategy)", "POST", "/partnerships/{partnershipId}/admin/periods/{period}/close", "/partnerships/bury/admin/periods/2030-31-Q1/close", AdminPage(Allowed), "x=1", Form: true),
        new("admin rollups and reports page", "GET", "/partnerships/{partnershipId}/admin/runs", "/partnerships/bury/admin/runs", AdminPage(200)),
        new("admin run (no period)", "POST", "/partnerships/{partnershipId}/admin/runs", "/partnerships/bury/admin/runs", AdminPage(Allowed), "task=rollup&period=", Form: true),
        new("admin audit trail page", "GET", "/partnerships/{partnershipId}/admin/audit", "/partnerships/bury/admin/audit", AdminPage(200)),
        new("audit trail", "GET", "/api/partnerships/{partnershipId}/audit", $"{P}/audit", AdminsOfBury(200)),
        new("preview strategy (empty object)", "POST", "/api/partnerships/{partnershipId}/strategy/preview", $"{P}/strategy/preview", AdminsOfBury(200), "{}", ValuesInBody: false),

        // Surveys (the strategy has none: an allowed caller learns only that).
        new("issue survey codes", "POST", "/api/partnerships/{partnershipId}/surveys/{surveyId}/codes", $"{P}/surveys/none/codes", AdminsOfBury(Allowed), "{\"count\": 1}"),
        new("release survey results", "POST", "/api/partnerships/{partnershipId}/surveys/{surveyId}/releases", $"{P}/surveys/none/releases", AdminsOfBury(Allowed)),
        new("survey results", "GET", "/api/partnerships/{partnershipId}/surveys/{surveyId}/results", $"{P}/surveys/none/results", ReadersOfBury(Allowed)),
        new("survey response", "POST", "/api/surveys/{surveyId}/responses", "/api/surveys/none/responses", Everyone(Allowed), "{}"),
        new("survey page", "GET", "/s/{surveyId}", "/s/none", Everyone(Allowed)),
        new("survey page post", "POST", "/s/{surveyId}", "/s/none", Everyone(Allowed), "answer=1", Form: true),

        // Timers: only the Functions host's own invocation, which no caller here is.
        new("nightly rollup timer", "POST", "/RollupNightly", "/RollupNightly", HostOnly(), "{\"Data\": {\"timer\": {}}}"),
        new("rollup-while-open timer", "POST", "/RollupWhileReturnsOpen", "/RollupWhileReturnsOpen", HostOnly(), "{\"Data\": {\"timer\": {}}}"),
        new("reports timer", "POST", "/GenerateReports", "/GenerateReports", HostOnly(), "{\"Data\": {\"timer\": {}}}"),
        new("survey flush timer", "POST", "/FlushSurveyResponses", "/FlushSurveyResponses", HostOnly(), "{\"Data\": {\"timer\": {}}}"),
        new("return reminders timer", "POST", "/SendReturnReminders", "/SendReturnReminders", HostOnly(), "{\"Data\": {\"timer\": {}}}"),
    ];

    /// <summary>Text an allowed answer to this caller must not contain: figures, reports and partnerships outside its scope, and any key.</summary>
    public static IEnumerable<string> OutsideScope(Caller caller)
    {
        var values = AccessMatrixFixture.Values;
        IEnumerable<string> forbidden = caller switch
        {
            Caller.LeadOfOneProgramme => values.Where(v => v.Value.Programme != AccessMatrixFixture.ProgrammeLed)
                .SelectMany(v => Figures(v.Value.X).Concat(Figures(v.Value.Y)).Append(v.Key))
                .Concat(["recruitment.pdf", "recruitment.html", "board.pdf", "board.html"]),
            Caller.PartnerKey or Caller.PersonalLinkOfPartnerX => values.SelectMany(v => Figures(v.Value.Y)),
            Caller.Anonymous or Caller.ForgedPrincipalWithoutPlatformAuth or Caller.LeadOfAnotherPartnership or Caller.AdminOfAnotherPartnership =>
                values.SelectMany(v => Figures(v.Value.X).Concat(Figures(v.Value.Y))).Append("href=\"/partnerships/bury\""),
            _ => [],
        };
        return forbidden.Concat([AppFactory.AdminKey, AppFactory.BuryAdminKey, AppFactory.LeadKey, AppFactory.ScopedLeadKey, AppFactory.PartnerKey]);
    }

    // A figure as JSON and as a page would show it.
    private static string[] Figures(int value) =>
        [value.ToString(System.Globalization.CultureInfo.InvariantCulture), value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)];

    private static Dictionary<Caller, int> Everyone(int status) => Enum.GetValues<Caller>().ToDictionary(c => c, _ => status);

    /// <summary>Admins of bury (and the platform's admin); everyone else signed in is refused, and the rest must sign in.</summary>
    private static Dictionary<Caller, int> AdminsOfBury(int allowed) => new()
    {
        [Caller.Anonymous] = 401,
        [Caller.PersonalLinkOfPartnerX] = 401,
        [Caller.PartnerKey] = 403,
        [Caller.LeadOfPartnership] = 403,
        [Caller.LeadOfOneProgramme] = 403,
        [Caller.LeadOfAnotherPartnership] = 403,
        [Caller.AdminOfAnotherPartnership] = 403,
        [Caller.AdminOfPartnership] = allowed,
        [Caller.AdminOfAll] = allowed,
        [Caller.ForgedPrincipalWithoutPlatformAuth] = 401,
        [Caller.PrincipalWithPlatformAuth] = allowed,
    };

    /// <summary>Admins and every lead of bury, including the lead of one programme (who then sees only its figures).</summary>
    private static Dictionary<Caller, int> ReadersOfBury(int allowed) =>
        With(AdminsOfBury(allowed), (Caller.LeadOfPartnership, allowed), (Caller.LeadOfOneProgramme, allowed));

    /// <summary>Readers of bury, except the lead of the other programme: an insider, but not this programme's lead.</summary>
    private static Dictionary<Caller, int> OtherProgramme(int allowed) => With(ReadersOfBury(allowed), (Caller.LeadOfOneProgramme, 403));

    private static Dictionary<Caller, int> LeadPage(int allowed = 200) =>
        With(ReadersOfBury(allowed), (Caller.Anonymous, 302), (Caller.PersonalLinkOfPartnerX, 302), (Caller.ForgedPrincipalWithoutPlatformAuth, 302));

    /// <summary>The admin's pages: admins of bury get in; other signed-in callers see the refusal page; the rest are sent to sign in.</summary>
    private static Dictionary<Caller, int> AdminPage(int allowed) =>
        With(AdminsOfBury(allowed), (Caller.Anonymous, 302), (Caller.PersonalLinkOfPartnerX, 302), (Caller.ForgedPrincipalWithoutPlatformAuth, 302));

    private static Dictionary<Caller, int> HostOnly() =>
        With(Everyone(403), (Caller.Anonymous, 401), (Caller.PersonalLinkOfPartnerX, 401), (Caller.ForgedPrincipalWithoutPlatformAuth, 401));

    private static Dictionary<Caller, int> With(Dictionary<Caller, int> cells, params (Caller Caller, int Status)[] changes)
    {
        var copy = new Dictionary<Caller, int>(cells);
        foreach (var (caller, status) in changes)
        {
            copy[caller] = status;
        }

        return copy;
    }
}
