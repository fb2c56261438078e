namespace StrategyReports.Samples;

/// <summary>
/// Seeded randomness for sample data. Each partner, measure and quarter draws from its own stream,
/// so one value does not shift when another is added, and the same seed always gives the same data.
/// </summary>
internal static class SampleRandom
{
    /// <summary>A generator for one combination of seed and keys.</summary>
    public static Random For(int seed, params ReadOnlySpan<string> keys)
    {
        var hash = Hash(seed, keys);
        return new Random(unchecked((int)(hash ^ (hash >> 32))));
    }

    /// <summary>A number in [0, 1) fixed by the seed and keys, for choices that must not vary by quarter.</summary>
    /// <remarks>A hash rather than a generator: it is asked for every value, and seeding a generator costs far more.</remarks>
    public static double Fixed(int seed, params ReadOnlySpan<string> keys) => (Hash(seed, keys) >> 11) * (1d / (1UL << 53));

    private static ulong Hash(int seed, ReadOnlySpan<string> keys)
    {
        var hash = Mix(unchecked((ulong)seed));
        foreach (var key in keys)
        {
            hash = Mix(hash ^ Stable(key));
        }

        return hash;
    }

    /// <summary>Roughly normal noise (mean 0, standard deviation 1), from the sum of uniforms.</summary>
    public static double Normal(this Random random)
    {
        var sum = 0d;
        for (var i = 0; i < 6; i++)
        {
            sum += random.NextDouble();
        }

        return (sum - 3d) * Math.Sqrt(2d);
    }

    /// <summary>Rounds to a whole number up or down in proportion, so small shares still add up.</summary>
    public static long RoundRandomly(this Random random, double value)
    {
        var floor = Math.Floor(value);
        return (long)floor + (random.NextDouble() < value - floor ? 1 : 0);
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    // string.GetHashCode differs between processes, so ids are hashed with FNV-1a instead.
    private static ulong Stable(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in key)
        {
            hash = unchecked((hash ^ character) * 1099511628211UL);
        }

        return hash;
    }

    // SplitMix64's finaliser: spreads nearby seeds far apart.
    private static ulong Mix(ulong value)
    {
        value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
        value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);
        return value ^ (value >> 31);
    }
}
