using StrategyReports.Domain.Chasing;

namespace StrategyReports.Functions.Chasing;

/// <summary>
/// Settings under <c>Smtp</c>. Without <see cref="Host"/> nothing is sent: the lead gets each reminder as text to
/// copy into their own mail.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; init; }

    public int Port { get; init; } = 587;

    /// <summary>The sender's address, e.g. the partnership's PMO mailbox; needed once <see cref="Host"/> is set.</summary>
    public string? From { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Upgrade the connection with STARTTLS, as a mail relay on 587 expects; off only for a local test server.</summary>
    public bool StartTls { get; init; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>What is wrong with the settings, checked at start-up so a bad setting is not found by the first reminder.</summary>
    public IEnumerable<string> Problems()
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (!EmailAddress.IsValid(From))
        {
            yield return "Smtp:From must be the sender's e-mail address when Smtp:Host is set.";
        }

        if (Port is < 1 or > 65535)
        {
            yield return "Smtp:Port must be a TCP port (1 to 65535).";
        }

        if (!string.IsNullOrEmpty(User) && !StartTls)
        {
            yield return "Smtp:User is set but Smtp:StartTls is off: the password would cross the network in clear.";
        }
    }
}
