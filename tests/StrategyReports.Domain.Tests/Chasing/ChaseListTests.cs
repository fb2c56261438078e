using System.Text.Json.Nodes;
using StrategyReports.Domain.Chasing;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests.Chasing;

/// <summary>Who has returned, who has not and who is late; the reminder's text; and which scheduled reminders fall on a day.</summary>
public class ChaseListTests
{
    // 2026-27-Q2 ends on 30 September 2026; returns are due 21 days later, by the end of 21 October (BST).
    private static readonly Period Q2 = Period.Parse("2026-27-Q2");

    private static readonly Strategy Strategy = Build();

    [Fact]
    public void Partners_are_returned_not_yet_returned_or_late_by_the_end_of_the_due_day_in_the_uk()
    {
        // 22:59 UTC on 21 October is 23:59 BST, still the due day; a minute later it is late.
        var beforeEnd = ChaseList.For(Strategy, Q2, new HashSet<string> { "trust" }, new DateTimeOffset(2026, 10, 21, 22, 59, 0, TimeSpan.Zero));
        var afterEnd = ChaseList.For(Strategy, Q2, new HashSet<string> { "trust" }, new DateTimeOffset(2026, 10, 21, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal(ChaseState.Returned, beforeEnd.Find("trust")!.State);
        Assert.Equal(ChaseState.NotReturned, beforeEnd.Find("practice")!.State);
        Assert.Equal(ChaseState.Late, afterEnd.Find("practice")!.State);
        Assert.Equal(["practice"], afterEnd.Missing.Select(entry => entry.Partner.Id));
        Assert.Equal("returns@practice.example.org", afterEnd.Find("practice")!.Contact);
        Assert.Null(afterEnd.Find("trust")!.Contact);
    }

    [Fact]
    public void A_partner_with_no_measure_that_applies_to_it_is_not_chased()
    {
        var document = MinimalStrategy.Document();
        document["partners"]!.AsArray().Add(new JsonObject { ["id"] = "hospice", ["name"] = "Hospice", ["sector"] = "hospice", ["headcount"] = 50 });
        foreach (var measure in new[] { 0, 1, 2 })
        {
            document.Measure(0, measure)["appliesTo"] = new JsonArray("acute", "primary-care");
        }

        var strategy = MinimalStrategy.Parse(document).Strategy!;

        Assert.Null(ChaseList.For(strategy, Q2, new HashSet<string>(), DateTimeOffset.UnixEpoch).Find("hospice"));
    }

    [Fact]
    public void A_reminder_names_the_partnership_the_period_in_words_the_due_day_and_how_to_reach_the_form()
    {
        var practice = Strategy.FindPartner("practice")!;

        var letter = ReminderLetter.For(Strategy, practice, Strategy.Calendar.WindowFor(Q2), new DateOnly(2026, 10, 14));

        Assert.Equal("returns@practice.example.org", letter.To);
        Assert.Equal("Reminder: GP Federation's return for July to September 2026 is due by 21 October 2026", letter.Subject);
        Assert.Contains("Sample partnership has not yet received GP Federation's quarterly return for July to September 2026 (2026-27-Q2).", letter.Body, StringComparison.Ordinal);
        Assert.Contains("due by the end of 21 October 2026", letter.Body, StringComparison.Ordinal);
        Assert.Contains("personal return link", letter.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_after_the_due_day_says_it_is_overdue_and_when_the_period_closes()
    {
        var letter = ReminderLetter.For(Strategy, Strategy.FindPartner("practice")!, Strategy.Calendar.WindowFor(Q2), new DateOnly(2026, 10, 22));

        Assert.StartsWith("Overdue: GP Federation's return for July to September 2026", letter.Subject, StringComparison.Ordinal);
        Assert.Contains("accepted until the end of 4 November 2026", letter.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-14", "2026-27-Q2", -7)]
    [InlineData("2026-10-22", "2026-27-Q2", 1)]
    [InlineData("2027-01-14", "2026-27-Q3", -7)]
    [InlineData("2027-01-22", "2026-27-Q3", 1)]
    public void The_scheduled_reminders_fall_a_week_before_and_the_day_after_the_due_day(string day, string period, int daysFromDue)
    {
        var due = ReminderSchedule.DueOn(Strategy, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([new ScheduledReminder(Period.Parse(period), daysFromDue)], due);
    }

    [Fact]
    public void No_reminder_falls_on_another_day_or_in_a_strategy_that_schedules_none()
    {
        var unscheduled = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;

        Assert.Empty(ReminderSchedule.DueOn(Strategy, new DateOnly(2026, 10, 15)));
        Assert.Empty(ReminderSchedule.DueOn(unscheduled, new DateOnly(2026, 10, 14)));
    }

    [Fact]
    public void The_day_is_the_uk_day_in_summer_time_and_in_winter_time()
    {
        // 23:30 UTC on 21 October (BST) is already 00:30 on 22 October in the UK: the day-after reminder is due.
        Assert.Equal([new ScheduledReminder(Q2, 1)], ReminderSchedule.DueAt(Strategy, new DateTimeOffset(2026, 10, 21, 23, 30, 0, TimeSpan.Zero)));

        // In January (GMT) 23:30 UTC on the 21st is still the 21st: the Q3 due day, on which nothing is scheduled.
        Assert.Empty(ReminderSchedule.DueAt(Strategy, new DateTimeOffset(2027, 1, 21, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal([new ScheduledReminder(Period.Parse("2026-27-Q3"), 1)], ReminderSchedule.DueAt(Strategy, new DateTimeOffset(2027, 1, 22, 0, 0, 0, TimeSpan.Zero)));
    }

    private static Strategy Build()
    {
        var document = MinimalStrategy.Document();
        document["partners"]![1]!["returnsContact"] = "returns@practice.example.org";
        document["calendar"] = new JsonObject { ["remindDaysFromDue"] = new JsonArray(-7, 1) };
        return MinimalStrategy.Parse(document).Strategy!;
    }
}
