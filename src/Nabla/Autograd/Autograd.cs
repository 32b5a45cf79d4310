namespace Nabla;

/// <summary>Switches gradient recording on and off for the current thread.</summary>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>Whether operations are being recorded for backward on this thread.</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>Stops recording until the returned handle is disposed: <c>using (Autograd.NoGrad()) { ... }</c>.</summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope(true);
    }

    /// <summary>Restores recording when disposed.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly bool _active;
        internal NoGradScope(bool active) => _active = active;

        /// <summary>Ends the no-grad region.</summary>
        public void Dispose()
        {
            if (_active && _noGradDepth > 0) _noGradDepth--;
        }
    }
}
