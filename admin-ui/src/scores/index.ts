import AssessmentIcon from '@mui/icons-material/Assessment';
import CalculateIcon from '@mui/icons-material/Calculate';
import CampaignIcon from '@mui/icons-material/Campaign';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import RuleIcon from '@mui/icons-material/Rule';
import { lazy } from 'react';

/** 绩效考核 pages (issue #16), loaded on first visit. */
const ranking = () => import('./RankingPages');
const runs = () => import('./RunPages');
const more = () => import('./FollowUpBulletinPages');

export const scoreRankings = {
  list: lazy(() => ranking().then((m) => ({ default: m.RankingList }))),
  icon: LeaderboardIcon,
};
export const scoreUnits = {
  show: lazy(() => ranking().then((m) => ({ default: m.UnitScorePage }))),
};
export const scoreRuns = {
  list: lazy(() => runs().then((m) => ({ default: m.RunList }))),
  icon: CalculateIcon,
};
export const scoreSchemes = {
  list: lazy(() => runs().then((m) => ({ default: m.SchemeList }))),
  icon: RuleIcon,
};
export const scoreSchemeCreate = lazy(() =>
  import('./SchemePages').then((m) => ({ default: m.SchemeCreate })),
);
export const scoreFollowUps = {
  list: lazy(() => more().then((m) => ({ default: m.FollowUpList }))),
  icon: AssessmentIcon,
};
export const scoreBulletins = {
  list: lazy(() => more().then((m) => ({ default: m.BulletinList }))),
  show: lazy(() => more().then((m) => ({ default: m.BulletinShow }))),
  icon: CampaignIcon,
};
export const ScoreHomeCard = lazy(() => more().then((m) => ({ default: m.ScoreHomeCard })));
