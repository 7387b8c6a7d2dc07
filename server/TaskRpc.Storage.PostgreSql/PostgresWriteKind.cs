namespace TaskRpc.Storage.PostgreSql;

/// <summary>What a <see cref="PostgresWrite"/> does, which decides how a batch writes it.</summary>
internal enum PostgresWriteKind
{
    /// <summary>A job without an idempotency key and its first event(s): one row of the batch's bulk insert.</summary>
    Create,

    /// <summary>A versioned transition and its event: one row of the batch's bulk update.</summary>
    Transition,

    /// <summary>Statements of its own (a lease renewal).</summary>
    Statement,
}
