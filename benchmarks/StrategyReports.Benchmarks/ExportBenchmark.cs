using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Exports;
using StrategyReports.Functions.Exports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Strategies;
using StrategyReports.Samples;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// <c>--export</c>: the returns export of a 200-partner, 40-measure, 8-quarter partnership through the endpoint's own
/// code (<see cref="ExportFiles.ReturnsAsync"/>: storage reads, rows, CSV or .xlsx writing) into a stream that
/// only counts bytes, as a response body would pass them on. Reports time and how far the managed heap rose above
/// where it stood before the export (sampled every few milliseconds), against the size of the file written.
/// </summary>
internal static class ExportBenchmark
{
    /// <param name="shape">A smaller partnership than 200 × 40 × 8 (the smoke run's).</param>
    public static async Task RunAsync(int rounds, RollupShape? shape = null)
    {
        var azurite = new AzuriteFixture { Private = true };
        await azurite.StartAsync();
        try
        {
            var tables = new TableServiceClient(azurite.ConnectionString);
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            var strategies = new StrategyStore(tables, blobs, TimeProvider.System);
            var strategy = shape is null ? SampleStrategies.Large() : SampleStrategies.Large(shape.Partners, shape.Measures, quarters: shape.Quarters);
            await strategies.PublishAsync(strategy, "benchmark");
            var (rows, latest) = await RollupBenchmark.SeedReturnsAsync(tables, strategy);
            Console.WriteLine(Invariant($"Seeded {strategy.Partners.Count} partners, {strategy.Measures.Count()} measures, {strategy.Periods.Count()} quarters: {rows:N0} return rows ({latest:N0} latest)."));

            var store = new ReturnStore(tables, strategies);
            var everyone = new ReturnsTable.Scope(_ => true, _ => true);
            var services = new ServiceCollection().AddLogging().BuildServiceProvider();
            Console.WriteLine("| format | quarters | round | rows | file | time | managed heap above baseline (peak) | allocated |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");

            // One quarter and all eight: if the rows were held, the heap would grow with the file.
            foreach (var (format, quarters) in new[] { (TableFormat.Csv, 1), (TableFormat.Csv, 8), (TableFormat.Xlsx, 1), (TableFormat.Xlsx, 8) })
            {
                var periods = strategy.Periods.Take(quarters).ToList();
                for (var round = 0; round <= rounds; round++)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    var baseline = GC.GetTotalMemory(forceFullCollection: true);
                    var peak = baseline;
                    using var sampling = new CancellationTokenSource();
                    var sampler = Task.Run(async () =>
                    {
                        while (!sampling.IsCancellationRequested)
                        {
                            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                            await Task.Delay(2);
                        }
                    });
                    var allocated = GC.GetTotalAllocatedBytes(precise: true);
                    var clock = Stopwatch.StartNew();
                    var body = new CountingStream();
                    var context = new DefaultHttpContext { RequestServices = services };
                    context.Response.Body = body;
                    var result = await ExportFiles.ReturnsAsync(format, strategy, periods, everyVersion: false, everyone, store, CancellationToken.None);
                    await result.ExecuteAsync(context);
                    var elapsed = clock.Elapsed;
                    await sampling.CancelAsync();
                    await sampler;
                    var lines = format == TableFormat.Csv ? body.Lines - 1 : -1;
                    Console.WriteLine(Invariant($"| {format} | {quarters} | {(round == 0 ? "warm-up" : round.ToString(CultureInfo.InvariantCulture))} | {(lines >= 0 ? lines.ToString("N0", CultureInfo.InvariantCulture) : "")} | {body.Length / 1024.0 / 1024.0:N1} MiB | {elapsed.TotalSeconds:N2} s | {(peak - baseline) / 1024.0 / 1024.0:N1} MiB | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0:N0} MiB |"));
                }
            }

            Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Azurite in memory."));
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A response body that forgets what it is given, counting bytes and lines; asynchronous writes only, as Kestrel's.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public long Lines { get; private set; }

        private long _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush() => throw new InvalidOperationException("Synchronous I/O is not allowed on a response body.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous I/O is not allowed on a response body.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            Lines += buffer.Span.Count((byte)'\n');
            return ValueTask.CompletedTask;
        }
    }
}
