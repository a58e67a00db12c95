/** The time-driven transitions of every workflow, as scheduler tasks. */
import type { Services } from '../graphql/context';
import type { ScheduledTask } from './scheduler';

export function createTasks(services: Services): ScheduledTask[] {
  return [
    {
      name: 'recognition',
      due: (now) => services.recognition.due(now),
      fire: (job) => services.recognition.fireDue(String(job.id), job.kind as 'DEADLINE' | 'RESUME'),
    },
    {
      name: 'emergency',
      due: (now) => services.emergency.due(now),
      fire: (job) => services.emergency.fireDue(String(job.id), job.kind as 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE'),
    },
    {
      name: 'disputes',
      due: (now) => services.disputes.due(now),
      fire: (job) => services.disputes.fireDue(String(job.id), job.kind as 'CLOSE' | 'RULE' | 'WARN'),
    },
    {
      name: 'deadline-warnings',
      due: (now) => services.recognition.deadlinesApproaching(now),
      fire: (job) => services.recognition.warnDeadline(String(job.id)),
    },
    {
      name: 'fast-track-escalation',
      due: (now) => services.emergency.lateApplications(now),
      fire: (job) => services.emergency.escalate(String(job.id)),
    },
    {
      name: 'implementation-warnings',
      due: (now) => services.recognition.implementationsApproaching(now),
      fire: (job) => services.recognition.warnImplementation(String(job.id)),
    },
    {
      name: 'audit-checkpoint',
      due: (now) => services.audit.checkpointDue(now),
      fire: async () => (await services.audit.checkpoint(null, true)).created,
    },
    {
      // A list version published ahead of its effectiveFrom takes effect that day.
      name: 'list-versions',
      due: (now) => services.lists.dueScheduled(now),
      fire: (job) => services.lists.takeEffect(String(job.id)),
    },
    {
      // Humanitarian waivers: in force on validFrom, expired after validTo, reports due on their cadence.
      name: 'waivers',
      due: (now) => services.waivers.due(now),
      fire: (job) => services.waivers.fireDue(String(job.id), job.kind as 'ACTIVATE' | 'EXPIRE' | 'REPORT'),
    },
    {
      name: 'webhooks',
      due: (now) => services.webhooks.due(now),
      fire: (job) => services.webhooks.attempt(String(job.id)),
    },
  ];
}
