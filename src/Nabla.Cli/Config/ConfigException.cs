namespace Nabla.Cli.Config;

/// <summary>
/// A configuration the CLI cannot use. The message starts with the JSON path of the offending value
/// (e.g. <c>$.optimizer.name</c>), then gives the bad value and what is allowed.
/// </summary>
public sealed class ConfigException(string message) : Exception(message);
