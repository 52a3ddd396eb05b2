// The stack's alarms, their SNS topic and the dashboard. Route alarms go into the nested stack of
// the route's function (two per route would crowd the parent's 500 resources); the rest, which
// watch the API, the table, the mail backlog and the background functions, into a Monitoring
// nested stack with the dashboard. Thresholds come from infra/alarm-thresholds.ts; README "Alarms"
// and "Runbook" say what each alarm means and what to do.
import { Duration, NestedStack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../shared/http/route.js';
import { MAIL_BACKLOG_AGE_FIELD } from '../shared/mail/backlog-age.js';
import { METRIC_NAMESPACE } from '../shared/observability/metrics.js';
import type { AlarmThresholds } from './alarm-thresholds.js';

// The functions' embedded metrics (EMF) are written there; the stack's log metric filters write there too.
export { METRIC_NAMESPACE };

/** The DynamoDB operations the code calls: DynamoDB's per-operation metrics are summed over them (an alarm's math takes 10 metrics at most). */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

/** Where every alarm notifies; with `alarmEmail`, that address is subscribed (it must confirm the subscription). */
export function alarmTopic(scope: Construct, alarmEmail: string | undefined): Topic {
  const topic = new Topic(scope, 'AlarmTopic', { displayName: 'Orgspace alarms', enforceSSL: true });
  if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
  return topic;
}

interface AlarmSpec {
  description: string;
  metric: IMetric;
  threshold: number;
  /** Breaching when the metric is at or above the threshold unless said otherwise. */
  comparison?: ComparisonOperator;
}

/** An alarm that notifies the topic on alarm and on recovery; a period without data is a quiet one. */
function watch(scope: Construct, id: string, thresholds: AlarmThresholds, topic: Topic, spec: AlarmSpec): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: spec.description,
    metric: spec.metric,
    threshold: spec.threshold,
    evaluationPeriods: thresholds.evaluationPeriods,
    comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  notify(alarm, topic);
  return alarm;
}

export function notify(alarm: Alarm, topic: Topic): void {
  alarm.addAlarmAction(new SnsAction(topic));
  alarm.addOkAction(new SnsAction(topic));
}

const period = (thresholds: AlarmThresholds) => Duration.minutes(thresholds.periodMinutes);

/** One of a route's embedded metrics (contract: namespace Orgspace, dimension `route`). */
export const routeMetric = (route: Pick<RouteDefinition, 'name'>, metricName: string, statistic: string, thresholds: AlarmThresholds) =>
  new Metric({ namespace: METRIC_NAMESPACE, metricName, dimensionsMap: { route: route.name }, statistic, period: period(thresholds) });

/** A route's two alarms, beside its function: its 5xx rate and its p99 latency. `id` prefixes their construct ids. */
export function routeAlarms(scope: Construct, id: string, route: RouteDefinition, thresholds: AlarmThresholds, topic: Topic): Alarm[] {
  const label = `${route.name} (${route.method} ${route.path})`;
  return [
    watch(scope, `${id}ServerErrorsAlarm`, thresholds, topic, {
      description: `${label}: ${thresholds.route5xxPercent}% or more of its requests answered 5xx (runbook: "Route 5xx rate").`,
      metric: new MathExpression({
        // No rate below the minimum of requests; FILL because a period without a 5xx may carry no datapoint.
        expression: `IF(requests >= ${thresholds.minRequestsForRate}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: {
          requests: routeMetric(route, 'requests', 'Sum', thresholds),
          errors: routeMetric(route, 'errors_5xx', 'Sum', thresholds),
        },
        label: `${route.name} 5xx %`,
        period: period(thresholds),
      }),
      threshold: thresholds.route5xxPercent,
    }),
    watch(scope, `${id}LatencyAlarm`, thresholds, topic, {
      description: `${label}: p99 latency over ${thresholds.routeLatencyP99Ms} ms (runbook: "Route latency").`,
      metric: routeMetric(route, 'latency', 'p99', thresholds),
      threshold: thresholds.routeLatencyP99Ms,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
  ];
}

/** A function no route answers through: its failed invocations and its throttles. */
function functionAlarms(scope: Construct, id: string, fn: IFunction, thresholds: AlarmThresholds, topic: Topic, runbook: string): Alarm[] {
  return [
    watch(scope, `${id}ErrorsAlarm`, thresholds, topic, {
      description: `${id}: ${thresholds.backgroundErrors} or more failed invocations (runbook: "${runbook}").`,
      metric: fn.metricErrors({ statistic: 'Sum', period: period(thresholds) }),
      threshold: thresholds.backgroundErrors,
    }),
    watch(scope, `${id}ThrottlesAlarm`, thresholds, topic, {
      description: `${id}: ${thresholds.backgroundThrottles} or more throttled invocations (runbook: "Function throttles").`,
      metric: fn.metricThrottles({ statistic: 'Sum', period: period(thresholds) }),
      threshold: thresholds.backgroundThrottles,
    }),
  ];
}

export interface MonitoringProps {
  topic: Topic;
  thresholds: AlarmThresholds;
  api: HttpApi;
  table: TableV2;
  functionLogs: ILogGroup;
  accessLogs: ILogGroup;
  authorizer: IFunction;
  /** The background functions by construct id (shared/events/background-functions.ts). */
  backgroundFunctions: Record<string, IFunction>;
  /** The dead-letter queues (their alarms sit beside them), shown on the dashboard. */
  deadLetterQueues: Record<string, IQueue>;
}

/** The alarms that watch the whole service rather than one route, and the dashboard of everything. */
export class Monitoring extends NestedStack {
  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, { description: 'Orgspace: alarms on the API, the table, mail and background functions; the dashboard' });
    const { topic, thresholds, api } = props;
    const each = period(thresholds);

    // HTTP APIs have no throttle metric: the stage's throttle answers 429 before any integration
    // runs, which the access log shows as an integration latency of "-" (a route's own 429 has one).
    const throttled = new MetricFilter(this, 'ApiThrottledFilter', {
      logGroup: props.accessLogs,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.status', '=', '429'),
        FilterPattern.stringValue('$.integrationLatencyMs', '=', '-'),
      ),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'api_throttled',
      metricValue: '1',
    }).metric({ statistic: 'Sum', period: each });
    const mailBacklog = new MetricFilter(this, 'MailBacklogAgeFilter', {
      logGroup: props.functionLogs,
      filterPattern: FilterPattern.numberValue(`$.${MAIL_BACKLOG_AGE_FIELD}`, '>=', 0),
      metricNamespace: METRIC_NAMESPACE,
      metricName: MAIL_BACKLOG_AGE_FIELD,
      metricValue: `$.${MAIL_BACKLOG_AGE_FIELD}`,
    }).metric({ statistic: 'Maximum', period: each });

    const requests = api.metricCount({ statistic: 'Sum', period: each });
    const clientErrors = api.metricClientError({ statistic: 'Sum', period: each });
    const serverErrors = api.metricServerError({ statistic: 'Sum', period: each });
    const latency = api.metricLatency({ statistic: 'p99', period: each });
    const tableThrottles = props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: each });
    const tableErrors = props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: each });

    watch(this, 'Api4xxAlarm', thresholds, topic, {
      description: `The API answered ${thresholds.api4xxPercent}% or more of its requests 4xx (runbook: "API 4xx rate").`,
      metric: new MathExpression({
        expression: `IF(requests >= ${thresholds.minRequestsForRate}, 100 * FILL(clientErrors, 0) / requests, 0)`,
        usingMetrics: { requests, clientErrors },
        label: 'API 4xx %',
        period: each,
      }),
      threshold: thresholds.api4xxPercent,
    });
    watch(this, 'Api5xxAlarm', thresholds, topic, {
      description: `The API answered ${thresholds.api5xxCount} or more requests 5xx in ${thresholds.periodMinutes} minutes (runbook: "API 5xx").`,
      metric: serverErrors,
      threshold: thresholds.api5xxCount,
    });
    watch(this, 'ApiThrottledAlarm', thresholds, topic, {
      description: `The stage's throttle refused ${thresholds.apiThrottledCount} or more requests (runbook: "API throttled").`,
      metric: throttled,
      threshold: thresholds.apiThrottledCount,
    });
    watch(this, 'ApiLatencyAlarm', thresholds, topic, {
      description: `The API's p99 latency is over ${thresholds.apiLatencyP99Ms} ms (runbook: "API latency").`,
      metric: latency,
      threshold: thresholds.apiLatencyP99Ms,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    watch(this, 'TableThrottlesAlarm', thresholds, topic, {
      description: `DynamoDB throttled ${thresholds.dynamoThrottledRequests} or more requests to the table (runbook: "DynamoDB throttles").`,
      metric: tableThrottles,
      threshold: thresholds.dynamoThrottledRequests,
    });
    watch(this, 'TableSystemErrorsAlarm', thresholds, topic, {
      description: `DynamoDB failed ${thresholds.dynamoSystemErrors} or more requests with its own errors (runbook: "DynamoDB system errors").`,
      metric: tableErrors,
      threshold: thresholds.dynamoSystemErrors,
    });
    watch(this, 'MailBacklogAlarm', thresholds, topic, {
      description: `An email has waited over ${thresholds.mailBacklogAgeMinutes} minutes in the retry backlog (runbook: "Mail backlog").`,
      metric: mailBacklog,
      threshold: thresholds.mailBacklogAgeMinutes * 60,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const functionAlarmList = [
      ...functionAlarms(
        this,
        'Authorizer',
        props.authorizer,
        { ...thresholds, backgroundErrors: thresholds.authorizerErrors },
        topic,
        'Authorizer errors',
      ),
      ...Object.entries(props.backgroundFunctions).flatMap(([fnId, fn]) =>
        functionAlarms(this, fnId, fn, thresholds, topic, 'Background function errors'),
      ),
    ];

    this.dashboard(
      props,
      { requests, clientErrors, serverErrors, latency, throttled, tableThrottles, tableErrors, mailBacklog },
      functionAlarmList,
    );
  }

  private dashboard(props: MonitoringProps, metrics: Record<string, IMetric>, functionAlarmList: Alarm[]): void {
    const each = period(props.thresholds);
    // One line per route, found by SEARCH: 84 routes would not fit a widget's metric list, and a new route shows up by itself.
    const perRoute = (metricName: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRIC_NAMESPACE},route} MetricName="${metricName}"', '${statistic}', ${each.toSeconds()})`,
        usingMetrics: {},
        label,
        period: each,
      });
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });
    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Orgspace\nWhat each alarm means and what to do: the **Runbook** section of the README. Logs: the function log group in Logs Insights.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      graph('API requests, 4xx, 5xx', [metrics.requests!, metrics.clientErrors!, metrics.serverErrors!]),
      graph('API p99 latency (ms)', [metrics.latency!]),
      graph('Throttled by the stage', [metrics.throttled!]),
    );
    dashboard.addWidgets(
      graph('5xx by route', [perRoute('errors_5xx', 'Sum', '')], 12),
      graph('p99 latency by route (ms)', [perRoute('latency', 'p99', '')], 12),
    );
    dashboard.addWidgets(
      graph('4xx by route', [perRoute('errors_4xx', 'Sum', '')], 12),
      graph('Requests by route', [perRoute('requests', 'Sum', '')], 12),
    );
    dashboard.addWidgets(
      graph('DynamoDB throttled requests', [metrics.tableThrottles!]),
      graph('DynamoDB system errors', [metrics.tableErrors!]),
      graph('Oldest unsent email (s)', [metrics.mailBacklog!]),
    );
    dashboard.addWidgets(
      graph(
        'Dead-letter queues (messages)',
        Object.entries(props.deadLetterQueues).map(([id, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: each, label: id }),
        ),
        12,
      ),
      graph(
        'Background function errors',
        Object.entries(props.backgroundFunctions).map(([id, fn]) => fn.metricErrors({ statistic: 'Sum', period: each, label: id })),
        12,
      ),
    );
    dashboard.addWidgets(
      graph(
        'Business',
        [
          'orgs_created',
          'invitations_sent',
          'invitations_accepted',
          'invitation_emails_failed',
          'emails_retried',
          'webhook_deliveries_failed',
          'events_published',
        ].map((metricName) => new Metric({ namespace: METRIC_NAMESPACE, metricName, statistic: 'Sum', period: each })),
        12,
      ),
      new AlarmStatusWidget({ title: 'Function alarms', alarms: functionAlarmList, width: 12, height: 6 }),
    );
  }
}
