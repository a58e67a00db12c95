/** Every migration, in order; the DataSource in ormconfig.ts takes this list. */
import type { MigrationInterface } from 'typeorm';
import { Foundation1795701153428 } from './1795701153428-Foundation';
import { ControlLists1795701544785 } from './1795701544785-ControlLists';
import { Recognition1795702164582 } from './1795702164582-Recognition';
import { EmergencyAndRegister1795702478767 } from './1795702478767-EmergencyAndRegister';
import { Disputes1795702762993 } from './1795702762993-Disputes';
import { Notifications1795703119474 } from './1795703119474-Notifications';
import { SearchIndexes1795704900000 } from './1795704900000-SearchIndexes';
import { HarmonizedCache1795705300000 } from './1795705300000-HarmonizedCache';
import { SearchDocument1795706917573 } from './1795706917573-SearchDocument';
import { ReviewFixes1795708194940 } from './1795708194940-ReviewFixes';
import { TruthfulHarmonized1795709315000 } from './1795709315000-TruthfulHarmonized';
import { RegisterWithoutLicenceParties1795709400000 } from './1795709400000-RegisterWithoutLicenceParties';
import { IdempotencyFingerprint1795710000000 } from './1795710000000-IdempotencyFingerprint';
import { AuditCheckpoints1796124881041 } from './1796124881041-AuditCheckpoints';
import { TransactionAssessment1796125790872 } from './1796125790872-TransactionAssessment';
import { DisputeDueProcess1796130000000 } from './1796130000000-DisputeDueProcess';
import { RecognitionEffectEmergencyWindDown1796141000000 } from './1796141000000-RecognitionEffectEmergencyWindDown';
import { HumanitarianWaivers1796142000000 } from './1796142000000-HumanitarianWaivers';
import { DataGovernance1796142100000 } from './1796142100000-DataGovernance';
import { AppealOnQuestionsOfLaw1796150000000 } from './1796150000000-AppealOnQuestionsOfLaw';
import { SubtreeMappingIndex1796210000000 } from './1796210000000-SubtreeMappingIndex';
import { SearchTitles1796220000000 } from './1796220000000-SearchTitles';
import { MappingCellCopies1796230000000 } from './1796230000000-MappingCellCopies';
import { SubtreeReadModel1796240000000 } from './1796240000000-SubtreeReadModel';
import { EntryCopiesPerStatement1796250000000 } from './1796250000000-EntryCopiesPerStatement';

export const migrations: (new () => MigrationInterface)[] = [
  Foundation1795701153428,
  ControlLists1795701544785,
  Recognition1795702164582,
  EmergencyAndRegister1795702478767,
  Disputes1795702762993,
  Notifications1795703119474,
  SearchIndexes1795704900000,
  HarmonizedCache1795705300000,
  SearchDocument1795706917573,
  ReviewFixes1795708194940,
  TruthfulHarmonized1795709315000,
  RegisterWithoutLicenceParties1795709400000,
  IdempotencyFingerprint1795710000000,
  AuditCheckpoints1796124881041,
  TransactionAssessment1796125790872,
  DisputeDueProcess1796130000000,
  RecognitionEffectEmergencyWindDown1796141000000,
  HumanitarianWaivers1796142000000,
  DataGovernance1796142100000,
  AppealOnQuestionsOfLaw1796150000000,
  SubtreeMappingIndex1796210000000,
  SearchTitles1796220000000,
  MappingCellCopies1796230000000,
  SubtreeReadModel1796240000000,
  EntryCopiesPerStatement1796250000000,
];
