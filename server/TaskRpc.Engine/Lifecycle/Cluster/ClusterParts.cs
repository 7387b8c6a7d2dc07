using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle.Cluster;

/// <summary>What a node's <see cref="ClaimQueue"/>s share.</summary>
/// <param name="Store">The shared store.</param>
/// <param name="StateMachine">The state machine (claims, transitions).</param>
/// <param name="Runner">Runs the claimed attempts.</param>
/// <param name="Active">This node's running jobs.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">Where claim failures are logged.</param>
internal sealed record ClusterParts(ISharedJobStore Store, JobStateMachine StateMachine, JobRunner Runner, ActiveJobs Active, TimeProvider Time, ILogger Logger);
