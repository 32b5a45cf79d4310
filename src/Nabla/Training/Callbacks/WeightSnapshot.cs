using Nabla.Nn;

namespace Nabla.Training.Callbacks;

/// <summary>A copy of a model's state dict in managed storage, restorable into the same model.</summary>
internal sealed class WeightSnapshot
{
    private readonly Dictionary<string, Tensor> _state = [];

    internal WeightSnapshot(Module model) => Capture(model);

    internal void Capture(Module model)
    {
        foreach (var (name, t) in model.StateDict())
        {
            if (_state.TryGetValue(name, out var copy) && ShapeMath.SameShape(copy.Shape, t.Shape))
                copy.CopyFrom(t.Detach());
            else
                _state[name] = t.Detach().CloneUnscoped();
        }
    }

    internal void Restore(Module model) => model.LoadStateDict(_state);
}
