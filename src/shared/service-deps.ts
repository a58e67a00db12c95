import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import type { Clock } from './clock';

/** What every service is built with, once per server. */
export interface ServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  config: AppConfig;
}
