/** Recording stand-ins for SST's globals ($config, sst.aws.*, sst.Secret, $app, $dev), so sst.config.ts runs offline. */

export interface Recorded {
  type: string;
  name: string;
  args: Record<string, unknown>;
  /** What was subscribed to this resource: [name?, function args, subscriber args]. */
  subscriptions: { name?: string; fn: Record<string, unknown>; args: Record<string, unknown> }[];
}

/** Installs the globals and returns the record every constructor call is added to. */
export function installSstGlobals(stage = "ci"): Recorded[] {
  const recorded: Recorded[] = [];
  const component = (type: string, outputs: string[]) =>
    class {
      readonly record: Recorded;
      constructor(name: string, args: Record<string, unknown> = {}) {
        this.record = { type, name, args, subscriptions: [] };
        recorded.push(this.record);
        // Outputs are placeholders naming where they came from, so tests can follow a link or an ARN.
        for (const output of outputs) Object.defineProperty(this, output, { value: `${type}:${name}.${output}` });
      }
    };
  const Dynamo = class extends component("sst.aws.Dynamo", ["name", "arn", "nodes"]) {
    subscribe(name: string, fn: Record<string, unknown>, args: Record<string, unknown> = {}) {
      this.record.subscriptions.push({ name, fn, args });
      return { name };
    }
  };
  const Queue = class extends component("sst.aws.Queue", ["url", "arn"]) {
    subscribe(fn: Record<string, unknown>, args: Record<string, unknown> = {}) {
      this.record.subscriptions.push({ fn, args });
      return {};
    }
  };
  const globals = globalThis as Record<string, unknown>;
  globals.$config = (input: unknown) => input;
  globals.$app = { name: "arabic-news-feeds", stage };
  globals.$dev = false;
  // Pulumi's template tag over placeholders is plain string interpolation here.
  globals.$interpolate = (strings: TemplateStringsArray, ...values: unknown[]) => strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");
  globals.aws = { getCallerIdentityOutput: () => ({ accountId: "aws:accountId" }) };
  globals.sst = {
    Secret: component("sst.Secret", ["value", "name"]),
    aws: {
      Dynamo,
      Queue,
      Function: component("sst.aws.Function", ["url", "name", "arn"]),
      Router: component("sst.aws.Router", ["url", "distributionID"]),
      CronV2: component("sst.aws.CronV2", ["name"]),
    },
  };
  return recorded;
}
