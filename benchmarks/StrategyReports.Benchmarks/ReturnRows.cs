using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace StrategyReports.Benchmarks;

/// <summary>The row both sides write: shaped like one partner's quarterly return value, with every common type.</summary>
internal static class ReturnRows
{
    private static readonly DateTimeOffset Submitted = new(2025, 7, 14, 9, 30, 0, TimeSpan.Zero);

    public static TableEntity Entity(string partitionKey, int i) => new(partitionKey, i.ToString("D7", CultureInfo.InvariantCulture))
    {
        ["Partner"] = "Bury Council adult social care",
        ["Period"] = "2025-26-Q1",
        ["Measure"] = "vacancy-rate",
        ["Numerator"] = 12 + (i % 50),
        ["Denominator"] = 1_250L + i,
        ["Value"] = 0.0125 * (i % 80),
        ["Late"] = i % 7 == 0,
        ["SubmittedAt"] = Submitted.AddMinutes(i),
        ["SubmissionId"] = new Guid(i, 0, 0, new byte[8]),
    };

    /// <summary>The same row as JSON with the same annotations, written by hand as a raw client would.</summary>
    public static byte[] Json(string partitionKey, int i)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", partitionKey);
            json.WriteString("RowKey", i.ToString("D7", CultureInfo.InvariantCulture));
            json.WriteString("Partner", "Bury Council adult social care");
            json.WriteString("Period", "2025-26-Q1");
            json.WriteString("Measure", "vacancy-rate");
            json.WriteNumber("Numerator", 12 + (i % 50));
            json.WriteString("Denominator@odata.type", "Edm.Int64");
            json.WriteString("Denominator", (1_250L + i).ToString(CultureInfo.InvariantCulture));
            json.WriteString("Value@odata.type", "Edm.Double");
            json.WriteNumber("Value", 0.0125 * (i % 80));
            json.WriteBoolean("Late", i % 7 == 0);
            json.WriteString("SubmittedAt@odata.type", "Edm.DateTime");
            json.WriteString("SubmittedAt", Submitted.AddMinutes(i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("SubmissionId@odata.type", "Edm.Guid");
            json.WriteString("SubmissionId", new Guid(i, 0, 0, new byte[8]).ToString());
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
