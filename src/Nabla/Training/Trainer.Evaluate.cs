using Nabla.Data;

namespace Nabla.Training;

public partial class Trainer
{
    /// <summary>
    /// The loss and metrics of the model on <paramref name="data"/> in evaluation mode without gradients (dropout
    /// off, batch-norm running statistics), averaged over all samples (weighted by <paramref name="sampleWeight"/>
    /// when given). The model's mode is restored afterwards.
    /// </summary>
    public Logs Evaluate(IDataset data, int batchSize = 256, float[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (sampleWeight is not null && sampleWeight.Length != data.Count)
            throw new ArgumentException($"Evaluate: sampleWeight has {sampleWeight.Length} weights for {data.Count} samples");
        bool wasTraining = Model.Training;
        Model.Eval();
        ResetMetrics();
        try
        {
            using var loader = new DataLoader(data, batchSize);
            using (Autograd.NoGrad())
                foreach (var batch in loader)
                    using (TensorScope.Enter())
                    {
                        var weights = BatchWeights(batch, null, sampleWeight, null);
                        var output = Model.Forward(batch.Inputs);
                        double loss = Loss.Forward(output, batch.Targets, weights).Item();
                        UpdateMetrics(loss, output, batch.Targets, weights, batch.Count);
                    }
            return RunningLogs();
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }

    /// <summary>The model's outputs for every sample of <paramref name="data"/>, [N, ...], in evaluation mode without gradients.</summary>
    public Tensor Predict(IDataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var loader = new DataLoader(data, batchSize);
        return PredictBatches(data.Count, loader.Select(b => b.Inputs));
    }

    /// <summary>The model's outputs for <paramref name="inputs"/> [N, ...], computed in batches, in evaluation mode without gradients.</summary>
    public Tensor Predict(Tensor inputs, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank == 0)
            throw new ArgumentException("Predict: inputs need a batch dimension, got a scalar");
        int n = inputs.Shape[0];
        return PredictBatches(n, Slices(inputs, n, batchSize));
    }

    private static IEnumerable<Tensor> Slices(Tensor inputs, int n, int batchSize)
    {
        for (int start = 0; start < n; start += batchSize)
            yield return inputs.Narrow(0, start, Math.Min(batchSize, n - start));
    }

    private Tensor PredictBatches(int count, IEnumerable<Tensor> batches)
    {
        bool wasTraining = Model.Training;
        Model.Eval();
        try
        {
            Tensor? result = null;
            int row = 0;
            using (Autograd.NoGrad())
                foreach (var inputs in batches)
                    using (TensorScope.Enter())
                    {
                        var output = Model.Forward(inputs);
                        if (result is null)
                        {
                            var shape = output.Shape.ToArray();
                            shape[0] = count;
                            result = Tensor.AllocateUnscoped(shape);
                        }
                        result.Narrow(0, row, output.Shape[0]).CopyFrom(output);
                        row += output.Shape[0];
                    }
            return result ?? throw new ArgumentException("Predict: no samples to predict");
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }
}
