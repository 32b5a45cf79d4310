namespace Nabla.Optim;

/// <summary>
/// Base of every optimizer: parameter groups with their own hyper-parameters, <see cref="Step"/> and
/// <see cref="ZeroGrad"/>, per-parameter state under PyTorch's names, and state save/load. The options shared by
/// all optimizers live here once: gradient clipping by global norm (<see cref="MaxGradNorm"/>) and by value
/// (<see cref="MaxGradValue"/>), gradient accumulation over <see cref="AccumulationSteps"/> calls, and the
/// per-group <c>maximize</c> flag (ascend instead of descend: the gradient is negated).
/// </summary>
/// <remarks>
/// Each subclass writes its update as one fused SIMD pass per parameter (<see cref="Update"/>); gradient
/// scaling (maximize, accumulation averaging, norm clipping) is folded into that pass as a single factor, so
/// <see cref="Step"/> allocates nothing once every parameter has its state.
/// Weight decay: the optimizers taking <c>weight_decay</c> (all but <see cref="AdamW"/> and <see cref="Lion"/>)
/// apply coupled L2 regularization, g ← g + λθ, as PyTorch does; in adaptive methods this decay is then rescaled
/// by the per-coordinate step size. <see cref="AdamW"/> and <see cref="Lion"/> apply decoupled weight decay,
/// θ ← θ(1 − lr·λ), independent of the gradient statistics (Loshchilov &amp; Hutter, 2019).
/// </remarks>
public abstract class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<string, double> _defaults;
    private int _accumulationSteps = 1;
    private double? _maxGradNorm;
    private double? _maxGradValue;
    private double _gradNormType = 2;

    /// <summary>Creates an optimizer over <paramref name="groups"/>, filling each group's missing options from <paramref name="defaults"/>.</summary>
    /// <exception cref="ArgumentException">No group was given, or a group is invalid (see <see cref="AddParamGroup"/>).</exception>
    protected Optimizer(IEnumerable<ParamGroup> groups, Dictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _defaults = defaults;
        _defaults.TryAdd("maximize", 0);
        foreach (var g in groups) AddParamGroup(g);
        if (_groups.Count == 0)
            throw new ArgumentException($"{GetType().Name}: no parameter groups were given; pass the model's parameters");
    }

    /// <summary>The default hyper-parameters given at construction (PyTorch's <c>optimizer.defaults</c>).</summary>
    public IReadOnlyDictionary<string, double> Defaults => _defaults;

    /// <summary>The parameter groups (PyTorch's <c>optimizer.param_groups</c>).</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>How many parameter updates <see cref="Step"/> has applied.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Clip the gradients so their global norm (over all groups, of type <see cref="GradNormType"/>) is at most this
    /// before each update, as <c>clip_grad_norm_</c> does; null (default) for no norm clipping.
    /// </summary>
    public double? MaxGradNorm
    {
        get => _maxGradNorm;
        set
        {
            if (value is double v && !(v > 0))
                throw new ArgumentOutOfRangeException(nameof(value), v, $"{GetType().Name}.MaxGradNorm must be positive (or null for no clipping)");
            _maxGradNorm = value;
        }
    }

    /// <summary>The norm type of <see cref="MaxGradNorm"/>: 2 (default), any p ≥ 1, or infinity for the largest magnitude.</summary>
    public double GradNormType
    {
        get => _gradNormType;
        set
        {
            if (!(value >= 1))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}.GradNormType must be at least 1 (or infinity)");
            _gradNormType = value;
        }
    }

    /// <summary>The global gradient norm measured by the last update when <see cref="MaxGradNorm"/> is set (before clipping).</summary>
    public double LastGradNorm { get; private set; }

    /// <summary>Clamp every gradient element to [−v, v] before each update, as <c>clip_grad_value_</c>; null (default) for none.</summary>
    public double? MaxGradValue
    {
        get => _maxGradValue;
        set
        {
            if (value is double v && !(v > 0))
                throw new ArgumentOutOfRangeException(nameof(value), v, $"{GetType().Name}.MaxGradValue must be positive (or null for no clipping)");
            _maxGradValue = value;
        }
    }

    /// <summary>
    /// Gradient accumulation: <see cref="Step"/> updates the parameters only on every N-th call, using the mean of
    /// the N accumulated gradients; in between, <see cref="ZeroGrad"/> leaves the gradients alone so they add up.
    /// With a mean-reduced loss on each of N micro-batches this equals one step on their union. Default 1.
    /// </summary>
    public int AccumulationSteps
    {
        get => _accumulationSteps;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}.AccumulationSteps must be at least 1");
            _accumulationSteps = value;
            PendingMicroSteps = 0;
        }
    }

    /// <summary>Calls to <see cref="Step"/> since the last update (always 0 without accumulation).</summary>
    public int PendingMicroSteps { get; private set; }

    /// <summary>
    /// Adds a group; options it lacks are taken from <see cref="Defaults"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is not a contiguous leaf tensor, is already in another group,
    /// or a hyper-parameter is out of range.</exception>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        string name = GetType().Name;
        foreach (var p in group.ParamArray)
        {
            if (!p.IsLeaf)
                throw new ArgumentException($"{name}: cannot optimize a non-leaf tensor (made by '{p.GradFn!.Name}'); pass the parameters themselves");
            if (!p.IsContiguous)
                throw new ArgumentException($"{name}: parameter of shape {ShapeMath.Format(p.Shape)} is not contiguous; optimize a contiguous tensor");
            foreach (var other in _groups)
                foreach (var q in other.ParamArray)
                    if (ReferenceEquals(p, q))
                        throw new ArgumentException($"{name}: a parameter of shape {ShapeMath.Format(p.Shape)} is already in another group; put each parameter in one group");
        }
        foreach (var (key, value) in _defaults) group.Options.TryAdd(key, value);
        ValidateGroup(group);
        _groups.Add(group);
    }

    /// <summary>Checks a group's hyper-parameters; throws <see cref="ArgumentException"/> naming the bad value.</summary>
    protected abstract void ValidateGroup(ParamGroup group);

    /// <summary>Throws an <see cref="ArgumentException"/> naming this optimizer when <paramref name="condition"/> is false.</summary>
    protected internal void Require(bool condition, string option, double value, string expectation)
    {
        if (!condition)
            throw new ArgumentException($"{GetType().Name}: invalid {option} = {value}; {expectation}");
    }

    /// <summary>
    /// Updates every parameter that has a gradient; returns false (and does nothing) while gradients are still being
    /// accumulated (see <see cref="AccumulationSteps"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A gradient's shape differs from its parameter's, or it is not contiguous.</exception>
    public bool Step()
    {
        if (++PendingMicroSteps < _accumulationSteps) return false;
        PendingMicroSteps = 0;
        float scale = _accumulationSteps == 1 ? 1f : (float)(1.0 / _accumulationSteps);
        if (_maxGradValue is double clip)
        {
            if (scale != 1f) ForEachGrad(static (g, s) => g.MulInPlace(s), scale);
            scale = 1f;
            ForEachGrad(static (g, c) => GradClip.ClampInPlace(g, c), (float)clip);
        }
        if (_maxGradNorm is double maxNorm)
        {
            double acc = 0;
            foreach (var group in _groups)
                foreach (var p in group.ParamArray)
                    if (p.Grad is Tensor g) GradClip.Accumulate(g, _gradNormType, ref acc);
            double norm = GradClip.Finish(acc, _gradNormType) * scale;
            LastGradNorm = norm;
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) scale = (float)(scale * coef);
        }

        foreach (var group in _groups)
        {
            float groupScale = group.Flag("maximize") ? -scale : scale;
            var ps = group.ParamArray;
            for (int i = 0; i < ps.Length; i++)
            {
                var p = ps[i];
                if (p.Grad is not Tensor grad) continue;
                CheckGrad(p, grad);
                var state = group.States[i] ??= new ParamState();
                Update(group, p, grad, state, groupScale);
            }
        }
        StepCount++;
        return true;
    }

    private void ForEachGrad(Action<Tensor, float> action, float arg)
    {
        foreach (var group in _groups)
            foreach (var p in group.ParamArray)
                if (p.Grad is Tensor g) action(g, arg);
    }

    private void CheckGrad(Tensor p, Tensor grad)
    {
        if (!ShapeMath.SameShape(p.Shape, grad.Shape))
            throw new InvalidOperationException(
                $"{GetType().Name}.Step: gradient of shape {ShapeMath.Format(grad.Shape)} does not match its parameter of shape {ShapeMath.Format(p.Shape)}");
        if (!grad.IsContiguous)
            throw new InvalidOperationException(
                $"{GetType().Name}.Step: the gradient of a parameter of shape {ShapeMath.Format(p.Shape)} is not contiguous; assign a contiguous Grad");
    }

    /// <summary>
    /// Applies this optimizer's update to one parameter: one fused pass over <paramref name="param"/>,
    /// <paramref name="grad"/> (to be multiplied by <paramref name="gradScale"/>) and the state buffers.
    /// </summary>
    protected abstract void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale);

    /// <summary>
    /// Clears the gradients of every parameter: zeroes them, or with <paramref name="setToNone"/> drops them
    /// (<c>Grad = null</c>, which saves memory and makes <see cref="Step"/> skip the parameter until its next backward).
    /// Does nothing while gradients are being accumulated.
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        if (PendingMicroSteps != 0) return;
        foreach (var group in _groups)
            foreach (var p in group.ParamArray)
            {
                if (p.Grad is null) continue;
                if (setToNone) p.Grad = null;
                else p.Grad.Zero();
            }
    }

    /// <summary>
    /// <see cref="ZeroGrad"/> with <c>setToNone</c>, and the gradients' memory handed back to the buffer pool for the
    /// next backward pass, which then writes fresh gradients instead of adding into zeroed ones (no zeroing pass, no
    /// accumulation pass). For loops that own the gradients, such as <see cref="Training.Trainer"/>'s step: a Grad
    /// tensor taken before this call throws when read afterwards. Does nothing while gradients are being accumulated.
    /// </summary>
    internal void RecycleGrads()
    {
        if (PendingMicroSteps != 0) return;
        foreach (var group in _groups)
            foreach (var p in group.ParamArray)
            {
                if (p.Grad is not Tensor grad) continue;
                p.Grad = null;
                if (grad.Storage.Lifetime == StorageLifetime.Managed) BufferPool.Return(grad.Storage);
            }
    }

    /// <summary>The state of <paramref name="parameter"/>, or null when it has not been updated yet.</summary>
    public ParamState? State(Tensor parameter)
    {
        foreach (var group in _groups)
        {
            int i = Array.IndexOf(group.ParamArray, parameter);
            if (i >= 0) return group.States[i];
        }
        return null;
    }

    /// <summary>A snapshot of the hyper-parameters and per-parameter state (tensors copied), PyTorch's <c>state_dict()</c>.</summary>
    public OptimizerStateDict StateDict()
    {
        var dict = new OptimizerStateDict();
        int index = 0;
        foreach (var group in _groups)
        {
            var ids = new int[group.ParamArray.Length];
            for (int i = 0; i < ids.Length; i++, index++)
            {
                ids[i] = index;
                if (group.States[i] is not ParamState s) continue;
                var scalars = new Dictionary<string, double> { ["step"] = s.Step };
                foreach (var (k, v) in s.Scalars) scalars[k] = v;
                var tensors = new Dictionary<string, Tensor>();
                foreach (var (k, t) in s.Tensors) tensors[k] = t.CloneUnscoped();
                dict.State[index] = new ParamStateEntry(scalars, tensors);
            }
            dict.ParamGroups.Add(new ParamGroupEntry(new Dictionary<string, double>(group.Options), ids));
        }
        return dict;
    }

    /// <summary>Restores a snapshot taken by <see cref="StateDict"/> from an optimizer over parameters of the same shapes.</summary>
    /// <exception cref="ArgumentException">The group count, group sizes or tensor shapes differ.</exception>
    public void LoadStateDict(OptimizerStateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        string name = GetType().Name;
        if (stateDict.ParamGroups.Count != _groups.Count)
            throw new ArgumentException($"{name}.LoadStateDict: the state has {stateDict.ParamGroups.Count} parameter groups but the optimizer has {_groups.Count}");
        for (int gi = 0; gi < _groups.Count; gi++)
            if (stateDict.ParamGroups[gi].Params.Length != _groups[gi].ParamArray.Length)
                throw new ArgumentException(
                    $"{name}.LoadStateDict: group {gi} has {stateDict.ParamGroups[gi].Params.Length} parameters in the state but {_groups[gi].ParamArray.Length} in the optimizer");

        for (int gi = 0; gi < _groups.Count; gi++)
        {
            var group = _groups[gi];
            var entry = stateDict.ParamGroups[gi];
            var states = new ParamState?[group.ParamArray.Length];
            for (int i = 0; i < states.Length; i++)
            {
                if (!stateDict.State.TryGetValue(entry.Params[i], out var saved)) continue;
                var p = group.ParamArray[i];
                var s = new ParamState();
                foreach (var (k, v) in saved.Scalars)
                {
                    if (k == "step") s.Step = (long)v;
                    else s.SetScalar(k, v);
                }
                foreach (var (k, t) in saved.Tensors)
                {
                    if (!ShapeMath.SameShape(t.Shape, p.Shape))
                        throw new ArgumentException(
                            $"{name}.LoadStateDict: state '{k}' of parameter {entry.Params[i]} has shape {ShapeMath.Format(t.Shape)} but the parameter has shape {ShapeMath.Format(p.Shape)}");
                    s.SetTensor(k, t.Contiguous().CloneUnscoped());
                }
                states[i] = s;
            }
            group.Options.Clear();
            foreach (var (k, v) in entry.Options) group.Options[k] = v;
            states.CopyTo(group.States, 0);
        }
        PendingMicroSteps = 0;
    }
}
