namespace TaskRpc.Engine.Tests.Architecture;

/// <summary>One engine type's use of another, with where it was found.</summary>
/// <param name="From">The using type's full name (a nested or compiler-generated type counts as its outermost type).</param>
/// <param name="To">The used type's full name.</param>
/// <param name="Site">Where: the member whose signature or body names <paramref name="To"/>, or the type's own header.</param>
internal sealed record EngineDependency(string From, string To, string Site);
