using Nabla.Data.Augment;
using Nabla.Data.Sampling;

namespace Nabla.Data;

/// <summary>
/// Iterates a dataset in batches, like PyTorch's <c>DataLoader</c>: batch size, shuffling with a seed, drop-last,
/// an optional sampler, a per-sample augmentation and an optional batch transform (MixUp, CutMix), prepared ahead
/// on <c>workers</c> background threads so that loading and augmentation overlap the training step.
/// </summary>
/// <remarks>
/// <para><b>Reproducible whatever the number of workers.</b> The order of an epoch comes from (seed, epoch); the
/// augmentation of the sample at position p of an epoch draws from a generator seeded by (seed, epoch, p), and a
/// batch transform from (seed, epoch, batch index). No draw depends on which thread did the work, so 0, 1 or 8
/// workers give the same batches bit for bit. Each enumeration (each <c>foreach</c>) is a new epoch: the counter
/// starts at 0 and advances by one per enumeration; <see cref="SetEpoch"/> sets it, like PyTorch's
/// <c>DistributedSampler.set_epoch</c>.</para>
/// <para><b>Buffers are reused.</b> Batches are written into a small ring of buffers allocated once, so steady-state
/// iteration allocates nothing. A <see cref="Batch"/> is valid only until the next <c>MoveNext</c>; clone what you
/// keep. Only one enumeration may run at a time.</para>
/// <para><b>Errors.</b> An exception while preparing a sample is raised on the consuming thread, when the batch that
/// holds the sample is reached, as a <see cref="DataException"/> naming the dataset index and the epoch position.
/// Dispose the loader (or finish the <c>foreach</c>) to stop the workers.</para>
/// </remarks>
/// <example>
/// <code>
/// var train = FashionMnist.Load(train: true);
/// using var loader = new DataLoader(train, 128, shuffle: true, seed: 0, workers: 2,
///     augmentation: new Compose(new RandomCrop(2), new RandomHorizontalFlip()));
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     foreach (Batch batch in loader)
///     {
///         // batch.Inputs [128, 1, 28, 28], batch.Targets [128] class indices; both reused by the next batch.
///     }
/// </code>
/// </example>
public sealed partial class DataLoader : IEnumerable<Batch>, IDisposable
{
    private readonly IDataset _dataset;
    private readonly IPrefetchSamples? _prefetch;

    /// <summary>How many samples ahead of the one being copied the loader prefetches (for in-memory datasets).</summary>
    private const int PrefetchDistance = 16;
    private readonly IAugmentation? _augmentation;
    private readonly IBatchTransform? _batchTransform;
    private readonly ISampler? _sampler;
    private readonly int[] _inputShape;
    private readonly int[] _rawTargetShape;
    private readonly int[] _targetShape;
    private readonly int _inputSize;
    private readonly int _rawTargetSize;
    private readonly int _targetSize;
    private readonly int[] _order;
    private readonly Generator _shuffleRng = new(0);
    private Slot[]? _slots;
    private Enumerator? _active;
    private int _nextEpoch;
    private bool _disposed;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch (not with a sampler).</param>
    /// <param name="dropLast">Skip the last batch when it would hold fewer than <paramref name="batchSize"/> samples.</param>
    /// <param name="seed">Seed of the shuffling and augmentation draws; null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="augmentation">Per-sample augmentation of the inputs (shape-preserving), or null.</param>
    /// <param name="batchTransform">Transform of each collated batch (MixUp, CutMix), or null.</param>
    /// <param name="workers">Background threads preparing batches ahead; 0 prepares each batch in MoveNext.</param>
    /// <param name="sampler">Chooses the indices of each epoch (weighted sampling, resampling), or null for all samples.</param>
    /// <param name="prefetch">Batches prepared ahead beyond one per worker (with workers &gt; 0).</param>
    public DataLoader(IDataset dataset, int batchSize, bool shuffle = false, bool dropLast = false, ulong? seed = null,
                      IAugmentation? augmentation = null, IBatchTransform? batchTransform = null, int workers = 0,
                      ISampler? sampler = null, int prefetch = 2)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batch size must be at least 1, got {batchSize}");
        if (workers < 0)
            throw new ArgumentOutOfRangeException(nameof(workers), $"DataLoader: workers must be 0 or more, got {workers}");
        if (prefetch < 1)
            throw new ArgumentOutOfRangeException(nameof(prefetch), $"DataLoader: prefetch must be at least 1, got {prefetch}");
        if (shuffle && sampler is not null)
            throw new ArgumentException("DataLoader: shuffle and a sampler are mutually exclusive; the sampler decides the order");
        _dataset = dataset;
        _prefetch = dataset as IPrefetchSamples;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Seed = seed ?? Generator.Default.NextUInt64();
        _augmentation = augmentation;
        _batchTransform = batchTransform;
        Workers = workers;
        Prefetch = prefetch;
        _sampler = sampler;
        _inputShape = dataset.InputShape.ToArray();
        _rawTargetShape = dataset.TargetShape.ToArray();
        _targetShape = batchTransform?.TargetShape(_rawTargetShape) ?? _rawTargetShape;
        _inputSize = ShapeMath.Numel(_inputShape);
        _rawTargetSize = ShapeMath.Numel(_rawTargetShape);
        _targetSize = ShapeMath.Numel(_targetShape);
        int length = sampler?.Length ?? dataset.Count;
        _order = new int[length];
        BatchCount = dropLast ? length / batchSize : (length + batchSize - 1) / batchSize;
    }

    /// <summary>The dataset being loaded.</summary>
    public IDataset Dataset => _dataset;

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The seed of every random draw the loader makes.</summary>
    public ulong Seed { get; }

    /// <summary>Background threads preparing batches.</summary>
    public int Workers { get; }

    /// <summary>Batches prepared ahead beyond one per worker.</summary>
    public int Prefetch { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>The epoch the next enumeration will produce.</summary>
    public int Epoch => _nextEpoch;

    /// <summary>Makes the next enumeration produce epoch <paramref name="epoch"/> (its order and augmentation draws).</summary>
    public void SetEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        _nextEpoch = epoch;
    }

    /// <summary>Starts the next epoch; its workers begin preparing batches at once.</summary>
    /// <exception cref="InvalidOperationException">Another enumeration of this loader is still running.</exception>
    public Enumerator GetEnumerator()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active is not null)
            throw new InvalidOperationException(
                "DataLoader: an enumeration is still running; finish or dispose it before starting another (batches share buffers)");
        int epoch = _nextEpoch++;
        FillOrder(epoch);
        _slots ??= CreateSlots(Workers == 0 ? 1 : Workers + Prefetch);
        _active = new Enumerator(this, epoch);
        return _active;
    }

    IEnumerator<Batch> IEnumerable<Batch>.GetEnumerator() => GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stops the workers of a running enumeration; the loader cannot be enumerated afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _active?.Dispose();
        _disposed = true;
    }

    private void FillOrder(int epoch)
    {
        if (_sampler is not null)
        {
            _sampler.Sample(epoch, _order);
            for (int i = 0; i < _order.Length; i++)
                if ((uint)_order[i] >= (uint)_dataset.Count)
                    throw new InvalidOperationException(
                        $"DataLoader: sampler {_sampler.GetType().Name} gave index {_order[i]} at position {i}, outside the dataset's 0..{_dataset.Count - 1}");
            return;
        }
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (Shuffle)
        {
            _shuffleRng.Reseed(SampleSeeds.Derive(Seed, epoch, 0, SampleSeeds.ShuffleStream));
            _shuffleRng.Shuffle(_order.AsSpan());
        }
    }

    private Slot[] CreateSlots(int count)
    {
        var slots = new Slot[count];
        for (int i = 0; i < count; i++) slots[i] = new Slot(this);
        return slots;
    }

    /// <summary>Prepares batch <paramref name="index"/> of <paramref name="epoch"/> into <paramref name="slot"/>.</summary>
    private Batch Fill(int index, int epoch, Slot slot, Generator rng, float[] scratch)
    {
        int start = index * BatchSize;
        int count = Math.Min(BatchSize, _order.Length - start);
        var batch = count == BatchSize ? slot.Full : slot.Partial(count);
        batch.Index = index;
        batch.Epoch = epoch;
        var inputs = slot.Inputs.ContiguousSpan();
        var targets = slot.Targets.ContiguousSpan();
        var rawTargets = slot.RawTargets is null ? targets : slot.RawTargets.AsSpan();
        if (_prefetch is not null)
            for (int j = 0; j < Math.Min(PrefetchDistance, count); j++) _prefetch.PrefetchSample(_order[start + j]);
        for (int j = 0; j < count; j++)
        {
            if (_prefetch is not null && j + PrefetchDistance < count) _prefetch.PrefetchSample(_order[start + j + PrefetchDistance]);
            int sample = _order[start + j];
            slot.Indices[j] = sample;
            try
            {
                var input = inputs.Slice(j * _inputSize, _inputSize);
                _dataset.CopySample(sample, input, rawTargets.Slice(j * _rawTargetSize, _rawTargetSize));
                if (_augmentation is not null)
                {
                    rng.Reseed(SampleSeeds.Derive(Seed, epoch, start + j));
                    _augmentation.Apply(input, _inputShape, rng);
                }
            }
            catch (Exception e)
            {
                throw new DataException(
                    $"DataLoader: sample {sample} (position {start + j} of epoch {epoch}, batch {index}) failed: {e.Message}", e);
            }
        }
        if (_batchTransform is not null)
        {
            try
            {
                rng.Reseed(SampleSeeds.Derive(Seed, epoch, index, SampleSeeds.BatchStream));
                _batchTransform.Apply(inputs[..(count * _inputSize)], _inputShape, count, rawTargets[..(count * _rawTargetSize)],
                                      _rawTargetShape, targets[..(count * _targetSize)], scratch, rng);
            }
            catch (Exception e)
            {
                throw new DataException(
                    $"DataLoader: batch transform {_batchTransform.GetType().Name} failed on batch {index} of epoch {epoch}: {e.Message}", e);
            }
        }
        return batch;
    }

    private void Release(Enumerator enumerator)
    {
        if (ReferenceEquals(_active, enumerator)) _active = null;
    }

    /// <summary>One reusable batch buffer of the ring.</summary>
    private sealed class Slot
    {
        private Batch? _partial;

        public Slot(DataLoader loader)
        {
            int b = loader.BatchSize;
            Inputs = Tensor.AllocateUnscoped([b, .. loader._inputShape]);
            Targets = Tensor.AllocateUnscoped([b, .. loader._targetShape]);
            RawTargets = loader._batchTransform is null ? null : new float[b * loader._rawTargetSize];
            Indices = new int[b];
            Full = new Batch(Inputs, Targets, Indices);
        }

        public Tensor Inputs { get; }

        public Tensor Targets { get; }

        public float[]? RawTargets { get; }

        public int[] Indices { get; }

        public Batch Full { get; }

        /// <summary>The batch of the last, smaller batch (its size is the same every epoch).</summary>
        public Batch Partial(int count)
        {
            if (_partial is null || _partial.Count != count)
                _partial = new Batch(Inputs.Narrow(0, 0, count), Targets.Narrow(0, 0, count), Indices);
            return _partial;
        }
    }
}
