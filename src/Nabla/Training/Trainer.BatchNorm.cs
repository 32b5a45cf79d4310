using Nabla.Data;
using Nabla.Nn;

namespace Nabla.Training;

public partial class Trainer
{
    /// <summary>
    /// Recomputes every batch-norm layer's running statistics as the plain average over one pass of
    /// <paramref name="data"/> (momentum 1/k at batch k, after resetting them), without gradients and without
    /// changing any weight. Needed after weights were averaged (stochastic weight averaging), as PyTorch's update_bn.
    /// </summary>
    public void RecomputeBatchNorm(IDataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        var layers = Model.NamedModules().Select(m => m.Module).OfType<BatchNorm>().Where(b => b.RunningMean is not null).ToList();
        if (layers.Count == 0)
            return;
        var momenta = layers.Select(b => b.Momentum).ToList();
        bool wasTraining = Model.Training;
        foreach (var b in layers)
        {
            Init.Zeros(b.RunningMean!);
            Init.Ones(b.RunningVar!);
            Init.Zeros(b.NumBatchesTracked!);
        }
        Model.Train();
        try
        {
            using var loader = new DataLoader(data, batchSize);
            int k = 0;
            using (Autograd.NoGrad())
                foreach (var batch in loader)
                    using (TensorScope.Enter())
                    {
                        k++;
                        foreach (var b in layers)
                            b.Momentum = 1f / k;
                        Model.Forward(batch.Inputs);
                    }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++)
                layers[i].Momentum = momenta[i];
            Model.Train(wasTraining);
        }
    }
}
