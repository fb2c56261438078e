using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Tests.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Highlights;

public sealed class HighlightsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string P = "/api/partnerships/bury";
    private const string Q = "2026-27-Q2";

    // 20 October 2026: Q2's returns window is open, Q3's not yet.
    private static readonly DateTimeOffset Today = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);

    private AppFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AppFactory(azurite);
        _factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(Today)));
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var published = await admin.PutAsync($"{P}/strategy", new StringContent(AccessMatrixFixture.Strategy("bury"), Encoding.UTF8, "application/json"));
        published.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_lead_saves_drafts_then_submits_and_every_version_stays_readable()
    {
        using var lead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var url = $"{P}/highlights/{Q}/wellbeing";

        var empty = await ReadAsync(await lead.GetAsync(url));
        Assert.Equal("not-started", empty.GetProperty("signOff").GetString());

        var draft = await lead.PutAsJsonAsync(url, new { achievements = "Toolkit drafted", status = "draft" });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal("draft", (await ReadAsync(await lead.GetAsync(url))).GetProperty("signOff").GetString());

        var refused = await lead.PutAsJsonAsync(url, new { achievements = "Toolkit drafted", status = "submitted" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await ReadAsync(refused)).GetProperty("errors").TryGetProperty("commentary", out _));

        var submitted = await lead.PutAsJsonAsync(url, new { commentary = "On track overall", achievements = "Toolkit launched", decisionsAsked = "Agree the charter budget", status = "submitted" });
        Assert.Equal(2, (await ReadAsync(submitted)).GetProperty("version").GetInt32());
        await lead.PutAsJsonAsync(url, new { commentary = "Revising", status = "draft" });

        var read = await ReadAsync(await lead.GetAsync(url));
        Assert.Equal("submitted", read.GetProperty("signOff").GetString());
        Assert.Equal(2, read.GetProperty("shown").GetProperty("version").GetInt32());
        Assert.Equal("Agree the charter budget", read.GetProperty("shown").GetProperty("decisionsAsked").GetString());
        Assert.Equal([1, 2, 3], read.GetProperty("history").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("test scoped lead", read.GetProperty("shown").GetProperty("savedBy").GetString());
    }

    [Fact]
    public async Task Problems_name_the_field_and_unknown_things_are_404()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);

        var status = await admin.PutAsJsonAsync($"{P}/highlights/{Q}/wellbeing", new { commentary = "x", status = "final" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status.StatusCode);
        Assert.True((await ReadAsync(status)).GetProperty("errors").TryGetProperty("status", out _));

        var risk = await admin.PostAsJsonAsync($"{P}/programmes/wellbeing/risks", new { description = "Staff leave", owner = "", likelihood = 6, consequence = 2 });
        var errors = (await ReadAsync(risk)).GetProperty("errors");
        Assert.Equal(["likelihood", "owner"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{P}/highlights/{Q}/no-such-programme")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{P}/highlights/2030-31-Q1/wellbeing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"{P}/programmes/wellbeing/risks/risk-99", new { description = "d", owner = "o", likelihood = 1, consequence = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"{P}/programmes/wellbeing/milestones/milestone-99", new { name = "n", due = Q })).StatusCode);
        var badDue = await admin.PostAsJsonAsync($"{P}/programmes/wellbeing/milestones", new { name = "Charter", due = "2030-31-Q1" });
        Assert.True((await ReadAsync(badDue)).GetProperty("errors").TryGetProperty("due", out _));
    }

    [Fact]
    public async Task Risks_are_scored_banded_escalated_and_tracked_across_periods()
    {
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        var risks = $"{P}/programmes/recruitment/risks";

        var added = await ReadAsync(await lead.PostAsJsonAsync(risks, new { description = "Agency caps bite", owner = "HR director", likelihood = 3, consequence = 3, period = "2026-27-Q1" }));
        var id = added.GetProperty("id").GetString();
        Assert.Equal((9, "High"), (added.GetProperty("score").GetInt32(), added.GetProperty("band").GetString()));

        var rescored = await lead.PutAsJsonAsync($"{risks}/{id}", new { description = "Agency caps bite", owner = "HR director", likelihood = 4, consequence = 4, mitigations = "Bank first" });
        Assert.Equal(HttpStatusCode.OK, rescored.StatusCode);
        await lead.PostAsJsonAsync(risks, new { description = "Data late", owner = "PMO", likelihood = 2, consequence = 2, escalate = true });

        var log = await ReadAsync(await lead.GetAsync(risks));
        Assert.Equal(Q, log.GetProperty("period").GetString());
        Assert.Equal(15, log.GetProperty("escalationScore").GetInt32());
        var rows = log.GetProperty("risks").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.True(row.GetProperty("escalated").GetBoolean()));
        Assert.Equal(("increased", 16, "Extreme"), (rows[0].GetProperty("change").GetString(), rows[0].GetProperty("risk").GetProperty("score").GetInt32(), rows[0].GetProperty("risk").GetProperty("band").GetString()));
        Assert.Equal("new", rows[1].GetProperty("change").GetString());

        var before = await ReadAsync(await lead.GetAsync($"{risks}?period=2026-27-Q1"));
        Assert.Equal(9, Assert.Single(before.GetProperty("risks").EnumerateArray()).GetProperty("risk").GetProperty("score").GetInt32());

        var history = await ReadAsync(await lead.GetAsync($"{risks}/{id}"));
        Assert.Equal(2, history.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_lead_adds_a_milestone_and_its_RAG_comes_from_its_due_quarter()
    {
        using var lead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var milestones = $"{P}/programmes/wellbeing/milestones";

        var added = await ReadAsync(await lead.PostAsJsonAsync(milestones, new { name = "Wellbeing hubs open", due = "2026-27-Q1", owner = "Estates", status = "on-track" }));
        var id = added.GetProperty("id").GetString();
        await lead.PostAsJsonAsync(milestones, new { name = "Pulse survey", due = "2026-27-Q3" });

        var log = (await ReadAsync(await lead.GetAsync(milestones))).GetProperty("milestones").EnumerateArray().ToList();
        Assert.Equal(("red", "Red: overdue"), (log[0].GetProperty("rag").GetString(), log[0].GetProperty("ragLabel").GetString()));
        Assert.Equal("green", log[1].GetProperty("rag").GetString());

        await lead.PutAsJsonAsync($"{milestones}/{id}", new { name = "Wellbeing hubs open", due = "2026-27-Q1", status = "complete" });
        var after = (await ReadAsync(await lead.GetAsync(milestones))).GetProperty("milestones")[0];
        Assert.Equal(("green", 2), (after.GetProperty("rag").GetString(), after.GetProperty("version").GetInt32()));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
