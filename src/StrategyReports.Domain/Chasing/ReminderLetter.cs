using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Chasing;

/// <summary>
/// A reminder to a partner whose return is missing: plain text, naming the partnership, the period in words,
/// the due day and how to reach the form. It carries no personal data beyond the partner's returns contact,
/// and no link token: the personal link is a credential the partner already holds.
/// </summary>
/// <param name="To">The partner's returns contact; null when the strategy names none (the text can still be copied).</param>
public sealed record ReminderLetter(string? To, string Subject, string Body)
{
    /// <summary>The reminder for a partner's return in the window's period, as it reads on <paramref name="today"/> (a UK date).</summary>
    public static ReminderLetter For(Strategy strategy, Partner partner, ReturnsWindow window, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(window);
        var period = window.Period.Label;
        var due = Formatting.Date(window.DueOn);
        var late = today > window.DueOn;
        var subject = late
            ? $"Overdue: {partner.Name}'s return for {period} (due {due})"
            : $"Reminder: {partner.Name}'s return for {period} is due by {due}";
        var standing = late
            ? $"It was due by the end of {due}. Late returns are accepted until the end of {Formatting.Date(window.ClosesOn)}; after that the period is closed."
            : $"It is due by the end of {due}.";
        var body = string.Join(
            "\n",
            "Hello,",
            string.Empty,
            $"{strategy.Name} has not yet received {partner.Name}'s quarterly return for {period} ({window.Period.Id}).",
            standing,
            string.Empty,
            "To fill it in, open the personal return link your partnership gave your organisation. The form keeps to this period and shows each question with its unit.",
            "If you cannot find the link, reply to this message and ask the partnership's admin for a new one.",
            string.Empty,
            "Thank you,",
            strategy.Name,
            string.Empty);
        return new ReminderLetter(partner.ReturnsContact, subject, body);
    }
}
