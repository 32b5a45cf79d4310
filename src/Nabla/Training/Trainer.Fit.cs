using Nabla.Data;
using Nabla.Data.Splits;
using Nabla.Training.Callbacks;

namespace Nabla.Training;

public partial class Trainer
{
    private Tensor? _weightBuffer;
    private List<Callback>? _callbacks;

    /// <summary>Trains for <paramref name="epochs"/> epochs (convenience form of <see cref="Fit(IDataset, FitOptions)"/>).</summary>
    public History Fit(IDataset train, int epochs, int batchSize = 32, IDataset? validation = null,
                       IReadOnlyList<Callback>? callbacks = null, int verbose = 1) =>
        Fit(train, new FitOptions { Epochs = epochs, BatchSize = batchSize, Validation = validation, Callbacks = callbacks ?? [], Verbose = verbose });

    /// <summary>
    /// Trains the model on <paramref name="train"/> with Keras's semantics: epochs InitialEpoch … Epochs − 1 (by
    /// default continuing after <see cref="CompletedEpochs"/>), batches shuffled per epoch from the seed, each step
    /// forward → loss (class and sample weights applied) → backward → optimizer step (with its clipping and
    /// accumulation), metrics updated, callbacks called; validation every ValidationFreq epochs. Returns
    /// <see cref="History"/>.
    /// </summary>
    public History Fit(IDataset train, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        CheckFitOptions(train, options);
        ulong seed = options.Seed ?? Seed;
        var (trainSet, validation, trainIndices) = SplitValidation(train, options, seed);
        var classWeights = ClassWeightTable(trainSet, options.ClassWeight);
        using var loader = new DataLoader(trainSet, options.BatchSize, shuffle: options.Shuffle, dropLast: options.DropLast,
                                          seed: seed, augmentation: options.Augmentation,
                                          batchTransform: options.BatchTransform, workers: options.Workers);
        var callbacks = new List<Callback>(options.Callbacks);
        if (options.Verbose > 0)
            callbacks.Add(new ProgressBar(options.Output, options.Verbose == 2));
        foreach (var cb in callbacks)
            cb.Trainer = this;
        _callbacks = callbacks;

        StopTraining = false;
        int initialEpoch = options.InitialEpoch ?? CompletedEpochs;
        int stepsPerEpoch = options.StepsPerEpoch ?? loader.BatchCount;
        var logs = new Logs();
        _fitState = new FitState(options.Epochs, stepsPerEpoch, validation is not null);
        foreach (var cb in callbacks)
            cb.OnTrainBegin(logs);
        Model.Train();
        for (int epoch = initialEpoch; epoch < options.Epochs && !StopTraining; epoch++)
        {
            _fitState.Epoch = epoch;
            logs = new Logs();
            foreach (var cb in callbacks)
                cb.OnEpochBegin(epoch, logs);
            RunEpoch(loader, epoch, stepsPerEpoch, classWeights, options.SampleWeight, trainIndices, callbacks);
            var epochLogs = RunningLogs();
            epochLogs["lr"] = LearningRate;
            if (validation is not null && (epoch + 1) % options.ValidationFreq == 0)
                foreach (var (key, value) in Evaluate(validation, options.BatchSize))
                    epochLogs["val_" + key] = value;
            Model.Train();
            CompletedEpochs = epoch + 1;
            foreach (var cb in callbacks)
                cb.OnEpochEnd(epoch, epochLogs);
            History.Add(epoch, epochLogs);
            if (!SchedulerPerBatch)
                Scheduler?.Step();
        }
        foreach (var cb in callbacks)
            cb.OnTrainEnd(logs);
        _fitState = null;
        _callbacks = null;
        return History;
    }

    private void RunEpoch(DataLoader loader, int epoch, int steps, float[]? classWeights, float[]? sampleWeights,
                          int[]? trainIndices, List<Callback> callbacks)
    {
        ResetMetrics();
        int batchIndex = 0;
        for (int pass = 0; batchIndex < steps; pass++)
        {
            loader.SetEpoch(epoch + pass * 1_000_003);
            bool any = false;
            foreach (var batch in loader)
            {
                any = true;
                if (batchIndex >= steps)
                    break;
                var batchLogs = _fitState!.BatchLogs;
                foreach (var cb in callbacks)
                    cb.OnBatchBegin(batchIndex, batchLogs);
                using (TensorScope.Enter())
                {
                    var weights = BatchWeights(batch, classWeights, sampleWeights, trainIndices);
                    long stepsBefore = GlobalStep;
                    var result = TrainStep(batch, weights);
                    if (SchedulerPerBatch && GlobalStep > stepsBefore)
                        Scheduler?.Step();
                    using (Autograd.NoGrad())
                        UpdateMetrics(result.Loss, result.Output, batch.Targets, weights, batch.Count);
                }
                batchLogs["loss"] = _lossSum / Math.Max(_lossCount, 1);
                batchLogs["batch_loss"] = _lastLoss;
                batchLogs["size"] = batch.Count;
                foreach (var cb in callbacks)
                    cb.OnBatchEnd(batchIndex, batchLogs);
                batchIndex++;
                _fitState.Batch = batchIndex;
                if (StopTraining)
                    return;
            }
            if (!any)
                throw new InvalidOperationException("Fit: the training data produced no batch (empty dataset, or dropLast with fewer samples than the batch size)");
        }
    }

    /// <summary>
    /// One training step on <paramref name="batch"/>: forward, loss (with <paramref name="sampleWeight"/> when given,
    /// plus <see cref="Penalty"/>), backward and the optimizer step. After each applied step the gradients are dropped
    /// (<c>Grad = null</c>, PyTorch's <c>zero_grad(set_to_none=True)</c>) and their memory goes back to the buffer pool,
    /// so the next backward writes them afresh; read gradients in <see cref="Callback.OnAfterBackward"/>.
    /// Runs inside a tensor scope; override it for a custom step (GANs, multiple losses...).
    /// </summary>
    protected virtual StepResult TrainStep(Batch batch, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var output = Model.Forward(batch.Inputs);
        var loss = Loss.Forward(output, batch.Targets, sampleWeight);
        if (Penalty is not null)
            loss += Penalty();
        loss.Backward();
        AfterBackward();
        if (Optimizer.Step())
        {
            Optimizer.RecycleGrads();
            GlobalStep++;
        }
        return new StepResult(loss.Item(), output.Detach());
    }

    /// <summary>
    /// Calls every callback's <see cref="Callback.OnAfterBackward"/> (during Fit); a custom <see cref="TrainStep"/>
    /// calls it between backward and the optimizer step.
    /// </summary>
    protected void AfterBackward()
    {
        if (_callbacks is null || _fitState is null) return;
        foreach (var cb in _callbacks)
            cb.OnAfterBackward(_fitState.Batch, _fitState.BatchLogs);
    }

    private void CheckFitOptions(IDataset train, FitOptions o)
    {
        if (o.Epochs < 0 || o.BatchSize < 1)
            throw new ArgumentException($"Fit: epochs must be ≥ 0 and batchSize ≥ 1, got epochs={o.Epochs}, batchSize={o.BatchSize}");
        if (o.InitialEpoch is < 0)
            throw new ArgumentException($"Fit: initialEpoch must be ≥ 0, got {o.InitialEpoch}");
        if (!(o.ValidationSplit >= 0f && o.ValidationSplit < 1f))
            throw new ArgumentException($"Fit: validationSplit must be in [0, 1), got {o.ValidationSplit}");
        if (o.ValidationSplit > 0f && o.Validation is not null)
            throw new ArgumentException("Fit: give either validation data or a validationSplit, not both");
        if (o.ValidationFreq < 1)
            throw new ArgumentException($"Fit: validationFreq must be ≥ 1, got {o.ValidationFreq}");
        if (o.StepsPerEpoch is < 1)
            throw new ArgumentException($"Fit: stepsPerEpoch must be ≥ 1, got {o.StepsPerEpoch}");
        if (o.SampleWeight is not null && o.SampleWeight.Length != train.Count)
            throw new ArgumentException($"Fit: sampleWeight has {o.SampleWeight.Length} weights for {train.Count} training samples");
        if (o.ClassWeight is not null && train.TargetShape.Length != 0)
            throw new ArgumentException(
                $"Fit: classWeight needs class-index targets (target shape []), got target shape {ShapeMath.Format(train.TargetShape)}");
        if (o.StratifiedSplit && o.ValidationSplit > 0f && train is not ILabeledDataset)
            throw new ArgumentException("Fit: a stratified validation split needs a labeled dataset (ILabeledDataset)");
    }

    private static (IDataset Train, IDataset? Validation, int[]? TrainIndices) SplitValidation(IDataset train, FitOptions o, ulong seed)
    {
        if (o.ValidationSplit <= 0f)
            return (train, o.Validation, null);
        int n = train.Count, valCount = (int)(n * (double)o.ValidationSplit);
        if (valCount == 0 || valCount == n)
            throw new ArgumentException($"Fit: validationSplit {o.ValidationSplit} of {n} samples leaves an empty training or validation set");
        Subset trainSet, validation;
        if (o.StratifiedSplit)
            (trainSet, validation) = Split.TrainValidation(train, o.ValidationSplit, stratified: true, seed: seed);
        else
        {
            trainSet = Subset.Create(train, Enumerable.Range(0, n - valCount).ToArray());
            validation = Subset.Create(train, Enumerable.Range(n - valCount, valCount).ToArray());
        }
        return (trainSet, validation, trainSet.Indices.ToArray());
    }

    private static float[]? ClassWeightTable(IDataset train, IReadOnlyDictionary<int, float>? classWeight)
    {
        if (classWeight is null)
            return null;
        int max = -1;
        foreach (var (c, w) in classWeight)
        {
            if (c < 0 || !(w >= 0f) || float.IsInfinity(w))
                throw new ArgumentException($"Fit: classWeight entry {c} → {w} is invalid; classes are ≥ 0 and weights finite and ≥ 0");
            max = Math.Max(max, c);
        }
        if (train is ILabeledDataset labeled)
            max = Math.Max(max, labeled.ClassCount - 1);
        var table = new float[max + 1];
        Array.Fill(table, 1f);
        foreach (var (c, w) in classWeight)
            table[c] = w;
        return table;
    }

    private Tensor? BatchWeights(Batch batch, float[]? classWeights, float[]? sampleWeights, int[]? trainIndices)
    {
        if (classWeights is null && sampleWeights is null)
            return null;
        if (_weightBuffer is null || _weightBuffer.Numel < batch.Count)
            _weightBuffer = Tensor.AllocateUnscoped([batch.Count]);
        var w = _weightBuffer.ContiguousSpan()[..batch.Count];
        var indices = batch.Indices;
        Span<float> targets = batch.Targets.Rank == 1 ? batch.Targets.ContiguousSpan() : default;
        for (int i = 0; i < batch.Count; i++)
        {
            float weight = 1f;
            if (classWeights is not null)
            {
                if (targets.IsEmpty)
                    throw new InvalidOperationException(
                        $"Fit: classWeight needs class-index targets, but the batch targets have shape {ShapeMath.Format(batch.Targets.Shape)} (a batch transform such as MixUp makes soft targets; use sampleWeight instead)");
                int label = (int)targets[i];
                weight = (uint)label < (uint)classWeights.Length ? classWeights[label]
                    : throw new InvalidOperationException($"Fit: sample {indices[i]} has class {label}, outside the class weights (0..{classWeights.Length - 1})");
            }
            if (sampleWeights is not null)
                weight *= sampleWeights[trainIndices is null ? indices[i] : trainIndices[indices[i]]];
            w[i] = weight;
        }
        return batch.Count == _weightBuffer.Numel ? _weightBuffer : _weightBuffer.Narrow(0, 0, batch.Count);
    }
}
