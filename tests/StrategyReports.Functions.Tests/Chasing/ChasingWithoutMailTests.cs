using System.Net;
using System.Text.Json;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Chasing;

/// <summary>Without SMTP settings nothing is sent or recorded: each reminder comes back as text to copy.</summary>
public sealed class ChasingWithoutMailTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Reminders_come_back_as_text_to_copy_and_none_is_recorded()
    {
        // The lead's key covers bury only; this class has storage of its own, so the name is free.
        const string partnership = "bury";
        var (factory, _) = ChasingTestData.Create(azurite, mail: null, ChasingTestData.WeekBeforeDue);
        using var _factory = factory;
        await ChasingTestData.SeedAsync(factory, partnership, "trust");
        using var lead = factory.CreateClient(AppFactory.LeadKey);

        var response = await lead.PostAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/reminders", UriKind.Relative), ChasingTestData.Json("""{"partners": ["care-home"]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(sent.RootElement.GetProperty("sendsMail").GetBoolean());
        var copy = Assert.Single(sent.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal("copy", copy.GetProperty("outcome").GetString());
        Assert.Equal("manager@willow.example.org", copy.GetProperty("to").GetString());
        Assert.Equal("Reminder: Willow Care Home's return for July to September 2026 is due by 21 October 2026", copy.GetProperty("subject").GetString());
        Assert.Contains("due by the end of 21 October 2026", copy.GetProperty("body").GetString(), StringComparison.Ordinal);
        using var chasing = JsonDocument.Parse(await lead.GetStringAsync(new Uri($"/api/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", UriKind.Relative)));
        Assert.Empty(chasing.RootElement.GetProperty("reminders").EnumerateArray());
    }
}
