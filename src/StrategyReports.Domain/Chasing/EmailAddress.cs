using System.Net.Mail;

namespace StrategyReports.Domain.Chasing;

/// <summary>The one rule for an e-mail address the product sends to: a bare address (no display name) with a dotted domain.</summary>
public static class EmailAddress
{
    /// <summary>The longest address SMTP carries (RFC 5321's path limit less its angle brackets).</summary>
    public const int MaximumLength = 254;

    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= MaximumLength }
        && !text.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(text, out var address)
        && string.Equals(address.Address, text, StringComparison.Ordinal)
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');
}
