/**
 * The DynamoDB operations the store sends, as plain values: an operation name and its input, with items, keys and
 * expression values as ordinary JavaScript objects (document form). lib/store/client.ts turns them into DynamoDB's
 * JSON protocol. The shapes mirror @aws-sdk/lib-dynamodb's commands (their input types are borrowed, type-only, so
 * nothing of the SDK reaches a bundle), which is why call sites read `new GetCommand({ ... })` as with the SDK.
 */
import type {
  CreateTableCommandInput,
  DescribeTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import type {
  BatchGetCommandInput,
  BatchWriteCommandInput,
  DeleteCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";

/** Every operation the store uses; the name is DynamoDB's (the X-Amz-Target suffix). */
export type Operation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "BatchGetItem"
  | "BatchWriteItem"
  | "DescribeTable"
  | "CreateTable";

export interface Command<I = object> {
  readonly operation: Operation;
  readonly input: I;
}

function command<I extends object>(operation: Operation) {
  return class implements Command<I> {
    readonly operation = operation;
    constructor(readonly input: I) {}
  };
}

export const GetCommand = command<GetCommandInput>("GetItem");
export const PutCommand = command<PutCommandInput>("PutItem");
export const UpdateCommand = command<UpdateCommandInput>("UpdateItem");
export const DeleteCommand = command<DeleteCommandInput>("DeleteItem");
export const QueryCommand = command<QueryCommandInput>("Query");
export const ScanCommand = command<ScanCommandInput>("Scan");
export const BatchGetCommand = command<BatchGetCommandInput>("BatchGetItem");
export const BatchWriteCommand = command<BatchWriteCommandInput>("BatchWriteItem");
/** Table operations carry no items, so their input is the wire input as it is. */
export const DescribeTableCommand = command<DescribeTableCommandInput>("DescribeTable");
export const CreateTableCommand = command<CreateTableCommandInput>("CreateTable");
