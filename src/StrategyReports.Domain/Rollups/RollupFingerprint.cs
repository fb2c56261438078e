using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// SHA-256 over everything a rollup depends on: the rollup format, the partnership, period and
/// strategy version, the return versions in scope and, per survey and period, how many responses
/// are in scope and a digest of their ids.
/// Equal fingerprints mean a run would produce the same rollup, so it can stop before computing.
/// </summary>
public static class RollupFingerprint
{
    /// <summary>Raised when the calculator's rules or this fingerprint's lines change, so every stored rollup is recomputed once.</summary>
    /// <remarks>2: a digest of the survey responses' ids instead of every id.</remarks>
    public const int FormatVersion = 2;

    public static string Compute(Strategy strategy, int strategyVersion, Period period, RollupInputs inputs) =>
        Compute(RollupScope.Create(strategy, period, inputs), strategyVersion);

    internal static string Compute(RollupScope scope, int strategyVersion)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));

        Line(Invariant($"rollup {FormatVersion}"));
        Line(Invariant($"partnership {scope.Strategy.PartnershipId}"));
        Line(Invariant($"period {scope.Period}"));
        Line(Invariant($"strategy {strategyVersion}"));
        foreach (var used in scope.AllReturns)
        {
            Line(Invariant($"return {used.Period} {used.PartnerId} {used.Version}"));
        }

        // Written only for accepted returns, so a rollup with none keeps the fingerprint it had before reviews existed.
        foreach (var accepted in scope.AllReturns.Where(scope.IsAccepted))
        {
            Line(Invariant($"accepted {accepted.Period} {accepted.PartnerId} {accepted.Version}"));
        }

        foreach (var survey in scope.Strategy.Surveys)
        {
            foreach (var period in scope.Periods)
            {
                var (count, ids) = scope.Surveys.IdsIn(survey.Id, period);
                Line(Invariant($"survey {survey.Id} {period} {count} {ids:x32}"));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
