using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Errors;

namespace StrategyReports.Functions.Tests.Errors;

/// <summary>The one mapping from the domain's refusals to statuses: every kind has one, and none is a server error but "not ready".</summary>
public sealed class DomainStatusTests
{
    public static TheoryData<DomainException, int> Refusals() => new()
    {
        { new NotFoundException("partner", "nobody"), 404 },
        { new ValidationFailedException("values.vacancies", "must be a whole number"), 422 },
        { new AccessDeniedException("not yours"), 403 },
        { new ConflictException("Returns are not open yet", "They open on 1 October 2026."), 409 },
        { new PreconditionFailedException("The return has changed since you read it", "Version 2 was submitted."), 412 },
        { new PreconditionFailedException("If-Match is required", "A return already exists.", isRequired: true), 428 },
        { new ClosedException("Returns are closed", "Ask an admin to reopen the period.", isFinal: false), 423 },
        { new ClosedException("The survey has closed", "It closed on 30 November 2026.", isFinal: true), 410 },
        { new TooLargeException("The file is too large", "Upload at most 4 MB."), 413 },
        { new NotReadyException("The report is being regenerated", "Try again shortly."), 503 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_kind_of_refusal_has_its_status(DomainException refusal, int status) =>
        Assert.Equal(status, RefusalStatus.Of(refusal));

    [Fact]
    public void Every_kind_of_refusal_the_domain_declares_is_mapped()
    {
        var kinds = typeof(DomainException).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DomainException)) && !t.IsAbstract).ToHashSet();
        var mapped = Refusals().Select(row => row[0].GetType()).ToHashSet();

        Assert.Equal(kinds.OrderBy(t => t.Name).Select(t => t.Name), mapped.OrderBy(t => t.Name).Select(t => t.Name));
    }

    [Fact]
    public void A_validation_failure_names_each_field_in_its_detail()
    {
        var refusal = new ValidationFailedException(new Dictionary<string, string[]> { ["partner"] = ["is not a partner of this survey"], ["answers.q1"] = ["is required"] });

        Assert.Equal("partner: is not a partner of this survey answers.q1: is required", refusal.Message);
        Assert.Equal(["partner", "answers.q1"], refusal.Errors.Keys);
    }
}
