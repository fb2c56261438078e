using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Hosting;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Chasing;

/// <summary>The chasing API and the daily timer, sending real mail to a real SMTP server (maildev) and reading it back.</summary>
public sealed class ChasingApiTests(AzuriteFixture azurite, MaildevFixture mail) : IClassFixture<AzuriteFixture>, IClassFixture<MaildevFixture>
{
    [Fact]
    public async Task The_chase_list_names_who_has_not_returned_who_is_late_and_their_contacts()
    {
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.AfterDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership, "trust");
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        using var chasing = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", UriKind.Relative)));

        var root = chasing.RootElement;
        Assert.Equal("2026-10-21", root.GetProperty("dueOn").GetString());
        Assert.True(root.GetProperty("sendsMail").GetBoolean());
        Assert.Equal(2, root.GetProperty("late").GetInt32());
        var partners = root.GetProperty("partners").EnumerateArray().ToDictionary(p => p.GetProperty("partner").GetString()!, p => p);
        Assert.Equal("returned", partners["trust"].GetProperty("status").GetString());
        Assert.Equal("late", partners["care-home"].GetProperty("status").GetString());
        Assert.Equal("manager@willow.example.org", partners["care-home"].GetProperty("contact").GetString());
        Assert.Equal(JsonValueKind.Null, partners["hospice"].GetProperty("contact").ValueKind);
        Assert.Empty(root.GetProperty("reminders").EnumerateArray());
    }

    [Fact]
    public async Task A_return_a_lead_has_queried_shows_as_query_open_until_the_partner_resubmits()
    {
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.AfterDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership, "trust");
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var chasingPath = new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", UriKind.Relative);
        async Task<JsonElement> ChasingAsync() => JsonDocument.Parse(await admin.GetStringAsync(chasingPath)).RootElement.Clone();
        static string StatusOf(JsonElement chasing, string partner) =>
            chasing.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("partner").GetString() == partner).GetProperty("status").GetString()!;

        using var query = await admin.PostAsync(
            new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/trust/reviews", UriKind.Relative),
            ChasingTestData.Json("""{"decision": "query", "basedOnVersion": 1, "comment": "Is the vacancy figure whole-time equivalent?"}"""));
        Assert.Equal(HttpStatusCode.Created, query.StatusCode);

        var queried = await ChasingAsync();
        Assert.Equal("query-open", StatusOf(queried, "trust"));
        Assert.Equal(1, queried.GetProperty("queryOpen").GetInt32());
        using var refused = await admin.PostAsync(
            new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/reminders", UriKind.Relative), ChasingTestData.Json("""{"partners": ["trust"]}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        using var latest = await admin.GetAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/trust", UriKind.Relative));
        using var resubmit = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/trust", UriKind.Relative))
        {
            Content = ChasingTestData.Json(ChasingTestData.Return.Replace("\"volunteers\": 12", "\"volunteers\": 14", StringComparison.Ordinal)),
        };
        resubmit.Headers.TryAddWithoutValidation("If-Match", latest.Headers.ETag!.ToString());
        (await admin.SendAsync(resubmit)).EnsureSuccessStatusCode();

        var answered = await ChasingAsync();
        Assert.Equal("returned", StatusOf(answered, "trust"));
        Assert.Equal(0, answered.GetProperty("queryOpen").GetInt32());
    }

    [Fact]
    public async Task A_reminder_sent_through_the_api_arrives_with_the_contact_subject_and_body_and_is_recorded()
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership, "trust");
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var response = await admin.PostAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/reminders", UriKind.Relative), ChasingTestData.Json("""{"partners": ["care-home"]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = Assert.Single(sent.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal("sent", result.GetProperty("outcome").GetString());
        var email = Assert.Single(await mail.WaitForEmailsAsync(1));
        Assert.Equal("manager@willow.example.org", Assert.Single(email.To).Address);
        Assert.Equal("pmo@partnership.example.org", Assert.Single(email.From).Address);
        Assert.Equal("Reminder: Willow Care Home's return for July to September 2026 is due by 21 October 2026", email.Subject);
        Assert.Contains($"Chasing partnership {partnership} has not yet received Willow Care Home's quarterly return for July to September 2026 (2026-27-Q2).", email.Text, StringComparison.Ordinal);
        Assert.Contains("personal return link", email.Text, StringComparison.Ordinal);

        using var chasing = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", UriKind.Relative)));
        var recorded = Assert.Single(chasing.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal("care-home", recorded.GetProperty("partner").GetString());
        Assert.Equal("manual", recorded.GetProperty("kind").GetString());
        Assert.Equal("sent", recorded.GetProperty("outcome").GetString());
        Assert.Equal("test admin", recorded.GetProperty("by").GetString());
        Assert.Equal("manual", chasing.RootElement.GetProperty("partners")[1].GetProperty("lastReminder").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Reminding_every_missing_partner_sends_to_those_with_a_contact_and_gives_text_for_the_one_without()
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.AfterDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership);
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var response = await admin.PostAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/reminders", UriKind.Relative), null);

        using var sent = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var outcomes = sent.RootElement.GetProperty("reminders").EnumerateArray().ToDictionary(r => r.GetProperty("partner").GetString()!, r => r.GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["trust"] = "sent", ["care-home"] = "sent", ["hospice"] = "no-contact" }, outcomes);
        var emails = await mail.WaitForEmailsAsync(2);
        Assert.Equal(["manager@willow.example.org", "returns@trust.nhs.example.net"], emails.Select(e => e.To[0].Address).Order(StringComparer.Ordinal));
        Assert.All(emails, e => Assert.StartsWith("Overdue: ", e.Subject, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"partners": ["trust"]}""", "partners[0]", "already returned")]
    [InlineData("""{"partners": ["care-home", "nobody"]}""", "partners[1]", "not a partner")]
    public async Task A_partner_that_has_returned_or_is_unknown_is_refused_naming_the_field_and_nothing_is_sent(string body, string field, string message)
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership, "trust");
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var response = await admin.PostAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/reminders", UriKind.Relative), ChasingTestData.Json(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await mail.EmailsAsync());
    }

    [Theory]
    [InlineData("2030-31-Q1", "{}", HttpStatusCode.NotFound)]
    [InlineData("not-a-period", "{}", HttpStatusCode.NotFound)]
    [InlineData("2026-27-Q2", "{\"partners\": ", HttpStatusCode.BadRequest)]
    [InlineData("2026-27-Q2", "{\"partners\": 7}", HttpStatusCode.BadRequest)]
    public async Task A_bad_period_or_body_is_a_problem_not_a_server_error(string period, string body, HttpStatusCode expected)
    {
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership);
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var response = await admin.PostAsync(new Uri($"/api/partnerships/{partnership}/returns/{period}/reminders", UriKind.Relative), ChasingTestData.Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_timer_sends_each_scheduled_reminder_once_however_often_and_on_however_many_instances_it_runs()
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        var (first, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        var (second, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        using var _first = first;
        using var _second = second;
        await ChasingTestData.SeedAsync(first, partnership, "trust");

        // Two instances fire together, then the first fires again (a host retry).
        var runs = await Task.WhenAll(RunTimerAsync(first), RunTimerAsync(second));
        var again = await RunTimerAsync(first);

        var email = Assert.Single(await WaitForQuietAsync(1), e => e.Text.Contains(partnership, StringComparison.Ordinal));
        Assert.Equal("manager@willow.example.org", email.To[0].Address);
        // The timer covers every partnership in this Azurite, other tests' too, so its counts are checked only where they must be nothing.
        Assert.All(runs, summary => Assert.Contains("0 failed", summary, StringComparison.Ordinal));
        Assert.StartsWith("0 reminders sent", again, StringComparison.Ordinal);
        using var admin = first.CreateClient(AppFactory.AdminKey);
        using var chasing = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", UriKind.Relative)));
        var recorded = Assert.Single(chasing.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal("scheduled", recorded.GetProperty("kind").GetString());
        Assert.Equal(-7, recorded.GetProperty("daysFromDue").GetInt32());
        Assert.Equal("timer SendReturnReminders", recorded.GetProperty("by").GetString());
    }

    [Fact]
    public async Task The_timer_sends_nothing_on_a_day_the_strategy_schedules_no_reminder()
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue.AddDays(1));
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership);

        await RunTimerAsync(factory);

        Assert.DoesNotContain(await WaitForQuietAsync(0), e => e.Text.Contains(partnership, StringComparison.Ordinal));
    }

    private static Task<string> RunTimerAsync(AppFactory factory)
    {
        var timer = factory.Services.GetServices<ITimerFunction>().Single(t => t.Name == "SendReturnReminders");
        return timer.RunAsync(new TimerInvocation(timer.Name, Guid.NewGuid().ToString(), new TimerInfo(null, null, false), DateTimeOffset.UtcNow), CancellationToken.None);
    }

    // Gives a duplicate that would arrive a moment later the chance to, so "exactly one" means one.
    private async Task<IReadOnlyList<CaughtMail>> WaitForQuietAsync(int expected)
    {
        await mail.WaitForEmailsAsync(expected);
        await Task.Delay(500);
        return await mail.EmailsAsync();
    }
}
