using System.Security.Cryptography;
using System.Text;

namespace StrategyReports.Surveys.Tests;

public class StagedResponseTests
{
    private const string Partition = "bury|wellbeing-2026-q3";
    private static readonly ResponseSeal Seal = new("a-test-secret-of-at-least-thirty-two-chars"u8);

    private static StagedResponse Staged(string comment, bool held = false) =>
        new(StagedResponse.NewId(), Surveys.Response("nca", 5, 9, ("comment", new TextAnswer(comment))), held);

    [Fact]
    public void A_sealed_response_opens_to_what_was_staged_and_shows_none_of_it()
    {
        var staged = Staged("The car park is never gritted", held: true);

        var sealedBytes = Seal.Seal(staged, Partition);

        var opened = Seal.Open(sealedBytes, Partition);
        Assert.Equal(staged.Id, opened.Id);
        Assert.True(opened.Held);
        Assert.Equal(staged.Response.ToJson(), opened.Response.ToJson());
        var asText = Encoding.UTF8.GetString(sealedBytes) + Encoding.Latin1.GetString(sealedBytes);
        Assert.DoesNotContain("gritted", asText, StringComparison.Ordinal);
        Assert.DoesNotContain("nca", asText, StringComparison.Ordinal);
        Assert.DoesNotContain(staged.Id, asText, StringComparison.Ordinal);
    }

    [Fact]
    public void Responses_of_different_lengths_seal_to_the_same_size_and_only_a_long_one_to_the_next_bucket()
    {
        var sizes = new[] { "", "ok", new string('x', 200), new string('y', 450) }.Select(comment => Seal.Seal(Staged(comment), Partition).Length).Distinct().ToList();
        Assert.Equal([ResponseSeal.Buckets[0] + ResponseSeal.Overhead], sizes);
        Assert.Equal(ResponseSeal.Buckets[1] + ResponseSeal.Overhead, Seal.Seal(Staged(new string('z', 3000)), Partition).Length);

        // Sealing the same response twice gives unrelated bytes: a fresh nonce each time.
        var staged = Staged("same");
        Assert.NotEqual(Seal.Seal(staged, Partition), Seal.Seal(staged, Partition));
    }

    [Fact]
    public void A_sealed_response_does_not_open_altered_under_another_key_or_in_another_survey()
    {
        var sealedBytes = Seal.Seal(Staged("hello"), Partition);

        Assert.ThrowsAny<CryptographicException>(() => new ResponseSeal("another-secret-of-at-least-thirty-two-chars"u8).Open(sealedBytes, Partition));
        Assert.ThrowsAny<CryptographicException>(() => Seal.Open(sealedBytes, "bury|another-survey"));
        var altered = sealedBytes.ToArray();
        altered[40] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Seal.Open(altered, Partition));
    }

    [Theory]
    [InlineData(0, 10, FlushOccasion.BatchFull, false)]
    [InlineData(9, 10, FlushOccasion.BatchFull, false)]
    [InlineData(10, 10, FlushOccasion.BatchFull, true)]
    [InlineData(1, 10, FlushOccasion.Releasing, true)]
    [InlineData(1, 10, FlushOccasion.Closed, true)]
    [InlineData(0, 10, FlushOccasion.Closed, false)]
    public void Only_a_full_batch_is_flushed_unless_results_are_being_released(int staged, int batchSize, FlushOccasion occasion, bool due) =>
        Assert.Equal(due, StagingBatches.IsDue(staged, batchSize, occasion));

    [Fact]
    public void A_flush_writes_every_item_once_in_chunks_within_the_limits()
    {
        var items = Enumerable.Range(0, 250).ToList();

        var writes = StagingBatches.Shuffled(items, maxCount: 100, maxWeight: 1000, weight: i => i == 7 ? 5000 : 5);

        Assert.Equal(items, writes.SelectMany(write => write).Order());
        Assert.All(writes, write => Assert.InRange(write.Count, 1, 100));
        Assert.All(writes.Where(write => write.Contains(7)), write => Assert.Single(write));
        Assert.All(writes.Where(write => !write.Contains(7)), write => Assert.True(write.Sum(_ => 5) <= 1000));
    }

    [Fact]
    public void The_order_written_is_fresh_each_time_and_unrelated_to_arrival()
    {
        var arrival = Enumerable.Range(0, 100).ToList();

        // Where the first arrival lands over many flushes: a shuffle puts it anywhere, arrival order keeps it first.
        var firstPositions = Enumerable.Range(0, 400)
            .Select(_ => StagingBatches.Shuffled(arrival, 100, long.MaxValue, _ => 1)[0].ToList().IndexOf(0))
            .ToList();

        Assert.True(firstPositions.Distinct().Count() > 50, "the first response to arrive keeps landing in the same places");
        Assert.InRange(firstPositions.Average(), 35, 65);
        Assert.True(firstPositions.Count(position => position == 0) < 20);
    }
}
