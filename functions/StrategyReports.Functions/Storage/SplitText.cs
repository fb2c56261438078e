using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace StrategyReports.Functions.Storage;

/// <summary>
/// Text that can outgrow one table property (64 KiB), such as a large import's answer: stored gzip-compressed and
/// split over numbered binary properties (<c>Receipt0</c>, <c>Receipt1</c>, …), so one entity holds about 900 KiB
/// of compressed text, which is several megabytes of JSON.
/// </summary>
public static class SplitText
{
    // Room under the 1 MiB entity limit for the keys, the other properties and each part's overhead.
    private const int MaxParts = 14;

    /// <summary>Puts <paramref name="text"/> into <paramref name="row"/> as parts of <paramref name="name"/>; false, and the row unchanged, when even compressed it does not fit.</summary>
    public static bool TryWrite(TableEntity row, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        var bytes = compressed.ToArray();
        var parts = bytes.Chunk(TableLimits.MaxBinaryLength).ToList();
        if (parts.Count > MaxParts)
        {
            return false;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            row[$"{name}{i}"] = parts[i];
        }

        return true;
    }

    /// <summary>The text written by <see cref="TryWrite"/>, or an older row's plain string property <paramref name="name"/>; null when neither is there.</summary>
    public static string? Read(TableEntity row, string name)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.GetBinary($"{name}0") is null)
        {
            return row.GetString(name);
        }

        using var joined = new MemoryStream();
        for (var i = 0; row.GetBinary($"{name}{i}") is { } part; i++)
        {
            joined.Write(part);
        }

        joined.Position = 0;
        using var gzip = new GZipStream(joined, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
