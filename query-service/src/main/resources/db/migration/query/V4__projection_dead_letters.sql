-- Axon's sequenced dead-letter queue for the projections (JdbcSequencedDeadLetterQueue, default
-- schema: unquoted names, so PostgreSQL folds them to lower case on both sides). One poison event
-- parks its own sequence (one subject) only; the rest of the projection goes on.
create table DeadLetterEntry (
    deadLetterIdentifier varchar(255)  not null primary key,
    processingGroup      varchar(255)  not null,
    sequenceIdentifier   varchar(255)  not null,
    sequenceIndex        bigint        not null,
    messageType          varchar(255)  not null,
    eventIdentifier      varchar(255)  not null,
    timestamp            varchar(255)  not null,
    payloadType          varchar(255)  not null,
    payloadRevision      varchar(255),
    payload              bytea         not null,
    metaData             bytea,
    type                 varchar(255),
    aggregateIdentifier  varchar(255),
    sequenceNumber       bigint,
    tokenType            varchar(255),
    token                bytea,
    enqueuedAt           varchar(255)  not null,
    lastTouched          varchar(255),
    processingStarted    varchar(255),
    causeType            varchar(255),
    causeMessage         varchar(1023),
    diagnostics          bytea,
    constraint DeadLetterEntry_INDEX unique (processingGroup, sequenceIdentifier, sequenceIndex)
);
create index DeadLetterEntry_group on DeadLetterEntry (processingGroup);
create index DeadLetterEntry_sequence on DeadLetterEntry (processingGroup, sequenceIdentifier);
