namespace StrategyReports.Functions.Returns;

/// <summary>The address of one partner's return for a period, <c>…/{partnershipId}/returns/{period}/{partnerId}</c>, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReturnRoute(string PartnershipId, string Period, string PartnerId);
