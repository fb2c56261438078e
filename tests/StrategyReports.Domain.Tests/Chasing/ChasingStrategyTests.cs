using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;
using StrategyReports.TestSupport;

namespace StrategyReports.Domain.Tests.Chasing;

/// <summary>The strategy document's returns contacts and reminder days: read, checked and written back.</summary>
public class ChasingStrategyTests
{
    [Fact]
    public void A_returns_contact_and_reminder_days_are_read_and_survive_the_canonical_json()
    {
        var document = MinimalStrategy.Document();
        document["partners"]![0]!["returnsContact"] = "workforce@trust.nhs.example.net";
        document["calendar"] = new JsonObject { ["remindDaysFromDue"] = new JsonArray(-7, 1) };

        var strategy = MinimalStrategy.Parse(document).Strategy!;
        var reread = StrategyDocument.Parse(StrategyDocument.ToCanonicalJson(strategy), StrategyFormat.Json).Strategy;

        Assert.Equal("workforce@trust.nhs.example.net", strategy.Partners[0].ReturnsContact);
        Assert.Null(strategy.Partners[1].ReturnsContact);
        Assert.Equal([-7, 1], strategy.Calendar.Reminders);
        Assert.Equal(strategy, reread);
    }

    [Fact]
    public void A_strategy_without_contacts_or_reminders_keeps_its_canonical_text()
    {
        var strategy = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;

        var json = StrategyDocument.ToCanonicalJson(strategy);

        Assert.DoesNotContain("returnsContact", json, StringComparison.Ordinal);
        Assert.DoesNotContain("remindDaysFromDue", json, StringComparison.Ordinal);
        Assert.Empty(strategy.Calendar.Reminders);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("returns@localhost")]
    [InlineData("Returns <returns@example.org>")]
    [InlineData("returns@@example.org")]
    [InlineData("returns@example.org.")]
    public void A_returns_contact_that_is_not_an_email_address_is_a_problem(string contact) =>
        AssertRejected(document => document["partners"]![1]!["returnsContact"] = contact, "partners[1].returnsContact", "not an e-mail address");

    [Fact]
    public void A_reminder_day_that_is_not_a_whole_number_is_a_problem() =>
        AssertRejected(document => document["calendar"] = new JsonObject { ["remindDaysFromDue"] = new JsonArray(-7, 1.5) }, "calendar.remindDaysFromDue[1]", "whole number");

    [Fact]
    public void A_reminder_day_given_twice_is_a_problem() =>
        AssertRejected(document => document["calendar"] = new JsonObject { ["remindDaysFromDue"] = new JsonArray(1, 1) }, "calendar.remindDaysFromDue[1]", "already scheduled");

    [Fact]
    public void A_reminder_day_more_than_a_year_from_the_due_day_is_a_problem() =>
        AssertRejected(document => document["calendar"] = new JsonObject { ["remindDaysFromDue"] = new JsonArray(-400) }, "calendar.remindDaysFromDue[0]", "more than a year");

    [Fact]
    public void The_bury_example_names_every_partners_contact_and_reminds_a_week_before_and_the_day_after()
    {
        var bury = StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", "bury.yaml")), StrategyFormat.Yaml).Strategy!;

        Assert.All(bury.Partners, partner => Assert.NotNull(partner.ReturnsContact));
        Assert.Equal([-7, 1], bury.Calendar.Reminders);
    }

    private static void AssertRejected(Action<JsonObject> breakDocument, string path, string messageFragment)
    {
        var document = MinimalStrategy.Document();
        breakDocument(document);

        var result = MinimalStrategy.Parse(document);

        Assert.Null(result.Strategy);
        Assert.True(
            result.Problems.Any(problem => problem.Path == path && problem.Message.Contains(messageFragment, StringComparison.Ordinal)),
            $"Expected a problem at {path} containing '{messageFragment}'; got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Problems)}");
    }
}
