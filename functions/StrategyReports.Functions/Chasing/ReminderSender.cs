using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using StrategyReports.Domain.Chasing;

namespace StrategyReports.Functions.Chasing;

/// <summary>Sends a reminder by SMTP with MailKit, one connection per reminder (a few a day; nothing to pool).</summary>
public sealed class ReminderSender(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions _options = options.Value;

    /// <summary>False when no SMTP server is set: reminders are then shown as text to copy.</summary>
    public bool CanSend => _options.IsConfigured;

    public async Task SendAsync(ReminderLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (_options is not { Host: { } host, From: { } from } || letter.To is null)
        {
            throw new InvalidOperationException("A reminder is sent only with SMTP settings and a contact to send it to.");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(letter.To));
        message.Subject = letter.Subject;
        message.Body = new TextPart("plain") { Text = letter.Body };

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(host, _options.Port, _options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(_options.User))
        {
            await client.AuthenticateAsync(_options.User, _options.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
