using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StrategyReports.TestSupport;

/// <summary>What a <see cref="FaultProxy"/> does to the traffic passing through it now.</summary>
public enum ProxyFault
{
    /// <summary>Traffic passes untouched.</summary>
    None,

    /// <summary>Each request waits before it is passed on.</summary>
    Delay,

    /// <summary>Connections are accepted and everything sent on them is swallowed: nothing is passed on or answered.</summary>
    Drop,

    /// <summary>Open connections are reset, and each new one is reset as soon as it is accepted.</summary>
    Reset,

    /// <summary>Nothing listens on the proxy's port: connecting is refused. Open connections are reset.</summary>
    Refuse,

    /// <summary>Answers come back at a trickle.</summary>
    SlowReads,
}

/// <summary>One HTTP request as it passes through the proxy: its request line and headers.</summary>
/// <param name="Target">The request target as sent, e.g. <c>/devstoreaccount1/rollups(PartitionKey='p',RowKey='q')</c>, percent-decoded.</param>
public sealed record ProxiedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The target without its query.</summary>
    public string Path => Target.Split('?')[0];

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public override string ToString() => $"{Method} {Target}";
}

/// <summary>What a <see cref="FaultProxy"/> has seen and done since it started.</summary>
public sealed record ProxyCounts(int Connections, int Requests, int ConnectionsReset, int RequestsDropped, int RequestsDelayed, int RequestsHeld);

/// <summary>
/// Requests (or their answers) a test holds at the proxy until it lets them go, so it can stop the app at an
/// exact step: after storage has answered one request and before the next is sent.
/// </summary>
public sealed class HeldRequests
{
    private readonly Func<ProxiedRequest, bool> _match;
    private readonly TaskCompletionSource<ProxiedRequest> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal HeldRequests(Func<ProxiedRequest, bool> match, bool answers)
    {
        _match = match;
        HoldsAnswers = answers;
    }

    /// <summary>True when the request reaches storage and its answer is what is held.</summary>
    public bool HoldsAnswers { get; }

    /// <summary>Completes with the first request held.</summary>
    public Task<ProxiedRequest> Reached => _reached.Task;

    /// <summary>Lets what is held go on; later requests pass.</summary>
    public void Release() => _outcome.TrySetResult(true);

    /// <summary>Resets the connections of what is held, so it never goes on (as if the network lost it); later requests pass.</summary>
    public void Discard() => _outcome.TrySetResult(false);

    internal Task<bool> Outcome => _outcome.Task;

    internal bool TryHold(ProxiedRequest request)
    {
        if (_outcome.Task.IsCompleted || !_match(request))
        {
            return false;
        }

        _reached.TrySetResult(request);
        return true;
    }
}

/// <summary>
/// A TCP proxy on a loopback port in front of a loopback service (Azurite), under a test's control: it can delay,
/// drop, reset or refuse connections, trickle answers back, and hold chosen requests. It reads the HTTP/1.1
/// framing of requests (not answers) so faults and holds apply to whole requests; the bytes pass unchanged.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly List<HeldRequests> _holds = [];
    private TcpListener? _listener;
    private (ProxyFault Kind, TimeSpan Delay, int BytesPerSecond) _fault = (ProxyFault.None, TimeSpan.Zero, 0);
    private int _connections, _requests, _reset, _dropped, _delayed, _held;

    private FaultProxy(int targetPort, int port)
    {
        _targetPort = targetPort;
        Port = port;
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    public ProxyFault Fault => _fault.Kind;

    public ProxyCounts Counts => new(_connections, _requests, _reset, _dropped, _delayed, _held);

    /// <summary>Starts a proxy on a free loopback port in front of <paramref name="targetPort"/> on loopback.</summary>
    public static FaultProxy Start(int targetPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new FaultProxy(targetPort, port);
        proxy.Listen();
        return proxy;
    }

    /// <summary>The address <paramref name="endpoint"/> (a URL on the target's port) has through the proxy.</summary>
    public Uri Through(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new UriBuilder(endpoint) { Host = "127.0.0.1", Port = Port }.Uri;
    }

    /// <summary>Lets traffic pass untouched again. Connections that were dropped are reset: what was sent on them is lost.</summary>
    public void Heal() => Set((ProxyFault.None, TimeSpan.Zero, 0));

    public void Delay(TimeSpan perRequest) => Set((ProxyFault.Delay, perRequest, 0));

    public void Drop() => Set((ProxyFault.Drop, TimeSpan.Zero, 0));

    public void Reset() => Set((ProxyFault.Reset, TimeSpan.Zero, 0));

    public void Refuse() => Set((ProxyFault.Refuse, TimeSpan.Zero, 0));

    public void SlowReads(int bytesPerSecond) => Set((ProxyFault.SlowReads, TimeSpan.Zero, Math.Max(1, bytesPerSecond)));

    /// <summary>Holds matching requests before they reach storage until <see cref="HeldRequests.Release"/> or <see cref="HeldRequests.Discard"/>.</summary>
    public HeldRequests HoldRequests(Func<ProxiedRequest, bool> match) => AddHold(new HeldRequests(match, answers: false));

    /// <summary>Passes matching requests to storage but holds storage's answers to them.</summary>
    public HeldRequests HoldAnswers(Func<ProxiedRequest, bool> match) => AddHold(new HeldRequests(match, answers: true));

    /// <summary>Resets every open connection once, whatever the fault; new connections are unaffected.</summary>
    public void ResetOpenConnections()
    {
        foreach (var link in _links.Keys)
        {
            Abort(link);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var hold in _holds)
            {
                hold.Discard();
            }
        }

        foreach (var link in _links.Keys)
        {
            Abort(link);
        }

        return ValueTask.CompletedTask;
    }

    private HeldRequests AddHold(HeldRequests hold)
    {
        lock (_gate)
        {
            _holds.RemoveAll(h => h.Outcome.IsCompleted);
            _holds.Add(hold);
        }

        return hold;
    }

    private void Set((ProxyFault Kind, TimeSpan Delay, int BytesPerSecond) fault)
    {
        lock (_gate)
        {
            var was = _fault.Kind;
            _fault = fault;
            if (fault.Kind is ProxyFault.Refuse)
            {
                _listener?.Stop();
                _listener = null;
            }
            else if (_listener is null)
            {
                Listen();
            }

            foreach (var link in _links.Keys)
            {
                if (fault.Kind is ProxyFault.Reset or ProxyFault.Refuse || (was == ProxyFault.Drop && fault.Kind != ProxyFault.Drop && link.Dropped))
                {
                    Abort(link);
                }
                else if (fault.Kind == ProxyFault.Drop)
                {
                    link.Dropped = true;
                }
            }
        }
    }

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        // Sockets this proxy closed may linger in TIME_WAIT on the port; they must not stop it listening again.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        Interlocked.Increment(ref _connections);
        client.NoDelay = true;
        var link = new Link(client);
        _links[link] = 0;
        try
        {
            var fault = _fault.Kind;
            if (fault is ProxyFault.Reset or ProxyFault.Refuse)
            {
                Abort(link);
                return;
            }

            link.Dropped = fault == ProxyFault.Drop;
            if (!link.Dropped)
            {
                try
                {
                    await link.Server.ConnectAsync(IPAddress.Loopback, _targetPort);
                    link.Server.NoDelay = true;
                }
                catch (SocketException)
                {
                    // Nothing listens behind the proxy (storage is down): the client sees its connection reset.
                    Abort(link);
                    return;
                }
            }

            var requests = PumpRequestsAsync(link);
            var answers = link.Dropped ? Task.Delay(Timeout.Infinite, link.Closed) : PumpAnswersAsync(link);
            await Task.WhenAny(requests, answers);
            link.Close();
            await Task.WhenAll(Quietly(requests), Quietly(answers));
        }
        finally
        {
            link.Close();
            _links.TryRemove(link, out _);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Abort(Link link)
    {
        if (link.Abort())
        {
            Interlocked.Increment(ref _reset);
        }
    }

    private async Task PumpRequestsAsync(Link link)
    {
        var reader = new RequestReader(new NetworkStream(link.Client, ownsSocket: false));
        while (await reader.ReadHeadAsync() is { } head)
        {
            Interlocked.Increment(ref _requests);
            var request = head.Request;
            HeldRequests? heldAnswer = null;
            if (!link.Dropped)
            {
                var fault = _fault;
                if (fault.Kind == ProxyFault.Delay)
                {
                    Interlocked.Increment(ref _delayed);
                    await Task.Delay(fault.Delay, link.Closed);
                }

                HeldRequests[] holds;
                lock (_gate)
                {
                    holds = [.. _holds.Where(h => h.TryHold(request))];
                }

                foreach (var hold in holds)
                {
                    Interlocked.Increment(ref _held);
                    if (hold.HoldsAnswers)
                    {
                        heldAnswer = hold;
                    }
                    else if (!await hold.Outcome.WaitAsync(link.Closed))
                    {
                        Abort(link);
                        return;
                    }
                }
            }

            if (link.Dropped)
            {
                Interlocked.Increment(ref _dropped);
            }

            // Set before the request goes: storage's answer is read only after that.
            link.HeldAnswer = heldAnswer;
            await Forward(link, head.Bytes);
            await reader.CopyBodyAsync(request, bytes => Forward(link, bytes));
        }
    }

    private static async Task Forward(Link link, ReadOnlyMemory<byte> bytes)
    {
        if (!link.Dropped)
        {
            await link.Server.SendAsync(bytes, SocketFlags.None, link.Closed);
        }
    }

    private async Task PumpAnswersAsync(Link link)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await link.Server.ReceiveAsync(buffer, SocketFlags.None, link.Closed);
            if (read == 0)
            {
                return;
            }

            if (link.HeldAnswer is { } held)
            {
                link.HeldAnswer = null;
                if (!await held.Outcome.WaitAsync(link.Closed))
                {
                    Abort(link);
                    return;
                }
            }

            if (link.Dropped)
            {
                continue;
            }

            var fault = _fault;
            if (fault.Kind == ProxyFault.SlowReads)
            {
                // A tenth of a second's worth at a time.
                var slice = Math.Max(1, fault.BytesPerSecond / 10);
                for (var offset = 0; offset < read; offset += slice)
                {
                    await link.Client.SendAsync(buffer.AsMemory(offset, Math.Min(slice, read - offset)), SocketFlags.None, link.Closed);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), link.Closed);
                }
            }
            else
            {
                await link.Client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, link.Closed);
            }
        }
    }

    /// <summary>A client's connection and the proxy's own to the target.</summary>
    private sealed class Link(Socket client)
    {
        private readonly CancellationTokenSource _closed = new();
        private int _done;

        public Socket Client { get; } = client;

        public Socket Server { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public volatile bool Dropped;

        public volatile HeldRequests? HeldAnswer;

        public CancellationToken Closed => _closed.Token;

        /// <summary>Closes both sides with a reset; false when the link was closed already.</summary>
        public bool Abort() => End(reset: true);

        public void Close() => End(reset: false);

        private bool End(bool reset)
        {
            if (Interlocked.Exchange(ref _done, 1) == 1)
            {
                return false;
            }

            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    if (reset)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }

                    socket.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }

            _closed.Cancel();
            return true;
        }
    }

    /// <summary>Reads HTTP/1.1 requests off a connection: the head whole, the body (by length or chunks) passed on as it arrives.</summary>
    private sealed class RequestReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[MaxHeadBytes];
        private int _start;
        private int _end;

        public async Task<(ReadOnlyMemory<byte> Bytes, ProxiedRequest Request)?> ReadHeadAsync()
        {
            var searched = 0;
            while (true)
            {
                var end = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    var length = searched + end + 4;
                    var bytes = _buffer.AsMemory(_start, length).ToArray();
                    _start += length;
                    return (bytes, Parse(Encoding.ASCII.GetString(bytes)));
                }

                searched = Math.Max(0, _end - _start - 3);
                if (!await FillAsync())
                {
                    return null;
                }
            }
        }

        public async Task CopyBodyAsync(ProxiedRequest request, Func<ReadOnlyMemory<byte>, Task> forward)
        {
            if (request.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
            {
                while (true)
                {
                    var line = await ReadLineAsync();
                    await forward(line);
                    var size = long.Parse(Encoding.ASCII.GetString(line.Span).Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (size == 0)
                    {
                        // Trailers, up to the empty line.
                        while ((line = await ReadLineAsync()).Length > 2)
                        {
                            await forward(line);
                        }

                        await forward(line);
                        return;
                    }

                    await CopyAsync(size + 2, forward);
                }
            }

            await CopyAsync(long.Parse(request.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture), forward);
        }

        private async Task CopyAsync(long count, Func<ReadOnlyMemory<byte>, Task> forward)
        {
            while (count > 0)
            {
                if (_start == _end && !await FillAsync())
                {
                    throw new EndOfStreamException("The client closed the connection in the middle of a request body.");
                }

                var take = (int)Math.Min(count, _end - _start);
                await forward(_buffer.AsMemory(_start, take).ToArray());
                _start += take;
                count -= take;
            }
        }

        private async Task<ReadOnlyMemory<byte>> ReadLineAsync()
        {
            while (true)
            {
                var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
                if (end >= 0)
                {
                    var line = _buffer.AsMemory(_start, end + 2).ToArray();
                    _start += end + 2;
                    return line;
                }

                if (!await FillAsync())
                {
                    throw new EndOfStreamException("The client closed the connection in the middle of a chunked body.");
                }
            }
        }

        private async Task<bool> FillAsync()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException($"A request head is longer than {MaxHeadBytes} bytes.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end));
            _end += read;
            return read > 0;
        }

        private static ProxiedRequest Parse(string head)
        {
            var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            return new ProxiedRequest(requestLine[0], Uri.UnescapeDataString(requestLine.Length > 1 ? requestLine[1] : ""), headers);
        }
    }
}
