using System.Runtime.ExceptionServices;

namespace Nabla.Data;

public sealed partial class DataLoader
{
    /// <summary>
    /// One epoch of a <see cref="DataLoader"/>. With workers, batch b is prepared into ring slot b mod S (S = workers
    /// + prefetch) once the consumer has released batch b − S; the consumer takes batches strictly in order.
    /// Disposing stops and joins the workers.
    /// </summary>
    public sealed class Enumerator : IEnumerator<Batch>
    {
        private readonly DataLoader _loader;
        private readonly int _epoch;
        private readonly int _batches;
        private readonly object _gate = new();
        private readonly Thread[] _threads;
        private readonly int[] _readyBatch;
        private readonly Generator? _rng;
        private readonly float[]? _scratch;
        private int _nextToClaim;
        private int _released;
        private int _current = -1;
        private int _failedBatch = int.MaxValue;
        private Exception? _error;
        private bool _stop;
        private bool _disposed;
        private Batch? _batch;

        internal Enumerator(DataLoader loader, int epoch)
        {
            _loader = loader;
            _epoch = epoch;
            _batches = loader.BatchCount;
            int slots = loader._slots!.Length;
            _readyBatch = new int[slots];
            Array.Fill(_readyBatch, -1);
            _threads = new Thread[loader.Workers];
            if (_threads.Length == 0)
            {
                _rng = new Generator(0);
                _scratch = new float[loader._inputSize];
            }
            for (int w = 0; w < _threads.Length; w++)
            {
                _threads[w] = new Thread(Work) { IsBackground = true, Name = $"Nabla DataLoader worker {w}" };
                _threads[w].Start();
            }
        }

        /// <summary>The epoch this enumeration produces.</summary>
        public int Epoch => _epoch;

        /// <summary>The current batch; valid until the next <see cref="MoveNext"/>.</summary>
        public Batch Current => _batch ?? throw new InvalidOperationException("DataLoader: MoveNext has not returned true yet");

        object System.Collections.IEnumerator.Current => Current;

        /// <summary>Releases the current batch and moves to the next, waiting for a worker to finish it if needed.</summary>
        /// <exception cref="DataException">Preparing a sample of the next batch failed.</exception>
        public bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current >= _batches) return false;
            if (_threads.Length == 0)
            {
                _current++;
                if (_current >= _batches) { _batch = null; return false; }
                _batch = _loader.Fill(_current, _epoch, _loader._slots![0], _rng!, _scratch!);
                return true;
            }
            var slots = _loader._slots!;
            lock (_gate)
            {
                if (_current >= 0)
                {
                    _released = _current + 1;
                    Monitor.PulseAll(_gate);
                }
                _current++;
                if (_current >= _batches) { _batch = null; return false; }
                int slot = _current % slots.Length;
                while (_readyBatch[slot] != _current)
                {
                    if (_error is not null && _current >= _failedBatch)
                    {
                        _current = _batches;
                        _batch = null;
                        ExceptionDispatchInfo.Capture(_error).Throw();
                    }
                    Monitor.Wait(_gate);
                }
                int count = CountOf(_current);
                _batch = count == _loader.BatchSize ? slots[slot].Full : slots[slot].Partial(count);
            }
            return true;
        }

        /// <summary>Not supported: start a new enumeration instead.</summary>
        public void Reset() => throw new NotSupportedException("DataLoader: enumerate the loader again for a new epoch");

        /// <summary>Stops the workers, waits for them, and lets the loader start another enumeration.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            lock (_gate)
            {
                _stop = true;
                Monitor.PulseAll(_gate);
            }
            foreach (var t in _threads) t.Join();
            _disposed = true;
            _batch = null;
            _loader.Release(this);
        }

        private int CountOf(int batch) => Math.Min(_loader.BatchSize, _loader._order.Length - batch * _loader.BatchSize);

        private void Work()
        {
            var slots = _loader._slots!;
            var rng = new Generator(0);
            var scratch = new float[_loader._inputSize];
            while (true)
            {
                int b;
                lock (_gate)
                {
                    while (!_stop && _error is null && _nextToClaim < _batches && _nextToClaim >= _released + slots.Length)
                        Monitor.Wait(_gate);
                    if (_stop || _error is not null || _nextToClaim >= _batches) return;
                    b = _nextToClaim++;
                }
                Exception? error = null;
                try
                {
                    _loader.Fill(b, _epoch, slots[b % slots.Length], rng, scratch);
                }
                catch (Exception e)
                {
                    error = e;
                }
                lock (_gate)
                {
                    if (error is null) _readyBatch[b % slots.Length] = b;
                    else if (b < _failedBatch)
                    {
                        _failedBatch = b;
                        _error = error;
                    }
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
