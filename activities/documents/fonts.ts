/**
 * The typefaces of GB/T 9704 and what stands in for them (docs/adr/0008-official-documents-typst.md).
 *
 * Each role lists the licensed face first (what government offices have: 方正小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312,
 * 宋体) and then the free face the project installs (Debian fonts-noto-cjk and fonts-arphic-ukai). A deployment
 * that holds licences puts the licensed files in DOCUMENT_FONT_DIRS and they win; otherwise the stand-ins set the
 * page. cwTeX 仿宋 (fonts-cwtex-fs) is not used: it lacks 1,203 of the 3,755 level-1 characters of GB 2312
 * (办, 书, 应, 销, 号, 约, 谈…) and sets punctuation centred, the Taiwan way.
 */
export const FONT_ROLES = {
  fangsong: ['FangSong_GB2312', 'FangSong', 'AR PL UKai'], // 仿宋: body
  xiaobiaosong: ['FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC'], // 小标宋: authority mark and title (bold)
  hei: ['SimHei', 'Noto Sans CJK SC'], // 黑体: first-level headings
  kai: ['KaiTi_GB2312', 'KaiTi', 'AR PL UKai'], // 楷体: second-level headings
  song: ['SimSun', 'Noto Serif CJK SC'], // 宋体: page numbers
} as const;
export type FontRole = keyof typeof FONT_ROLES;

/** Where Debian's packages put the stand-ins (scripts/ensure-fonts.sh installs them; so does the Dockerfile). */
export const DEBIAN_FONT_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/arphic'];

/** The fonts each role takes in the DOCX: the names Word finds on a government PC. */
export const DOCX_FONTS: Record<FontRole, string> = {
  fangsong: '仿宋_GB2312',
  xiaobiaosong: '方正小标宋简体',
  hei: '黑体',
  kai: '楷体_GB2312',
  song: '宋体',
};
