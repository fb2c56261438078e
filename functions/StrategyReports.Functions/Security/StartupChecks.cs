namespace StrategyReports.Functions.Security;

/// <summary>
/// Settings that would leave the deployment open, checked before the app starts. In Production any of
/// them stops the start with a message naming the setting; elsewhere they are allowed, so local keys stay short.
/// </summary>
public static class StartupChecks
{
    public const int MinimumSecretLength = 32;

    /// <summary>The setting branch <c>anonymity</c> stores survey codes under (an HMAC secret).</summary>
    public const string SurveyCodeSecret = "Surveys:CodeSecret";

    public const string LinkSigningKey = "Links:SigningKey";

    /// <summary>Every problem found, each naming its setting as an app setting (<c>__</c> for <c>:</c>).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var keys = configuration.GetSection($"{AuthOptions.Section}:{nameof(AuthOptions.ApiKeys)}").GetChildren().ToList();
        foreach (var entry in keys)
        {
            var key = entry.Get<ApiKeyOptions>() ?? new ApiKeyOptions();
            var name = $"{AuthOptions.Section}__{nameof(AuthOptions.ApiKeys)}__{entry.Key}";
            var who = string.IsNullOrEmpty(key.Name) ? "" : $" ('{key.Name}')";
            if (key.Key.Length < MinimumSecretLength)
            {
                problems.Add($"{name}__Key{who} is shorter than {MinimumSecretLength} characters: use a long random key.");
            }

            if (key.Role is not (Roles.Admin or Roles.Lead or Roles.Partner))
            {
                problems.Add($"{name}__Role{who} is '{key.Role}': it must be admin, lead or partner.");
            }
            else if (key.Role is Roles.Lead or Roles.Partner && key.Partnership == Roles.AnyPartnership)
            {
                problems.Add($"{name}__Partnership{who} is '*': a {key.Role} key must name its one partnership.");
            }

            if (string.IsNullOrEmpty(key.Partnership))
            {
                problems.Add($"{name}__Partnership{who} is missing.");
            }

            if (key.Role == Roles.Partner && string.IsNullOrEmpty(key.Partner))
            {
                problems.Add($"{name}__Partner{who} is missing: a partner key acts for one partner organisation.");
            }
        }

        RequireSecret(configuration, LinkSigningKey, "personal links are signed with it", problems);
        RequireSecret(configuration, SurveyCodeSecret, "survey codes are stored as an HMAC under it, and responses waiting for their batch are encrypted under a key derived from it", problems);
        return problems;
    }

    /// <summary>Throws with every problem when the environment is Production.</summary>
    public static void Enforce(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsProduction())
        {
            return;
        }

        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The app will not start in Production with these settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)));
        }
    }

    private static void RequireSecret(IConfiguration configuration, string setting, string why, List<string> problems)
    {
        var value = configuration[setting];
        var name = setting.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(value))
        {
            problems.Add($"{name} is missing: set a random secret of at least {MinimumSecretLength} characters ({why}).");
        }
        else if (value.Length < MinimumSecretLength)
        {
            problems.Add($"{name} is shorter than {MinimumSecretLength} characters ({why}).");
        }
    }
}
