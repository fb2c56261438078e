namespace StrategyReports.Domain.Strategies;

/// <summary>The sector a partner organisation belongs to; measures can be limited to sectors.</summary>
public enum Sector
{
    Acute,
    Community,
    MentalHealth,
    PrimaryCare,
    AdultSocialCare,
    CareProvider,
    Hospice,

    /// <summary>Voluntary, community, faith and social enterprise organisations.</summary>
    Vcfse,
    LocalAuthority,
    Ambulance,
    Education,
    IntegratedCareBoard,
}

/// <summary>Document names of <see cref="Sector"/> values, e.g. <c>mental-health</c>.</summary>
public static class Sectors
{
    private static readonly DocumentNames<Sector> Names = new(
        ("acute", Sector.Acute),
        ("community", Sector.Community),
        ("mental-health", Sector.MentalHealth),
        ("primary-care", Sector.PrimaryCare),
        ("adult-social-care", Sector.AdultSocialCare),
        ("care-provider", Sector.CareProvider),
        ("hospice", Sector.Hospice),
        ("vcfse", Sector.Vcfse),
        ("local-authority", Sector.LocalAuthority),
        ("ambulance", Sector.Ambulance),
        ("education", Sector.Education),
        ("integrated-care-board", Sector.IntegratedCareBoard));

    public static IReadOnlyList<string> All => Names.All;

    public static bool TryParse(string? name, out Sector sector) => Names.TryParse(name, out sector);

    public static string ToName(this Sector sector) => Names.ToName(sector);
}
