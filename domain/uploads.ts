/**
 * Which files each kind of document accepts (上传文件类型), said to the user before they pick one and checked by
 * the API on upload: one table for both, so the form's promise and the server's refusal cannot drift.
 */
export const documentKinds = [
  'evidence',
  'plan',
  'completion_report',
  'assessment',
  'minutes',
  'other',
  'photo', // 一般隐患现场照片 (as found)
  'after_photo', // 一般隐患整改后照片
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const fileTypes = {
  image: {
    label: '图片（JPG、PNG、WebP）',
    mime: ['image/jpeg', 'image/png', 'image/webp'],
    ext: ['.jpg', '.jpeg', '.png', '.webp'],
  },
  pdf: { label: 'PDF', mime: ['application/pdf'], ext: ['.pdf'] },
  word: {
    label: 'Word（DOC、DOCX）',
    mime: ['application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ext: ['.doc', '.docx'],
  },
  excel: {
    label: 'Excel（XLS、XLSX）',
    mime: ['application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ext: ['.xls', '.xlsx'],
  },
} as const;
export type FileTypeGroup = keyof typeof fileTypes;

/** 现场照片 are photos; a plan or report may be a PDF, a Word file or a photographed signed page. */
export const acceptedFileTypes: Record<DocumentKind, readonly FileTypeGroup[]> = {
  evidence: ['image'],
  plan: ['pdf', 'word', 'image'],
  completion_report: ['pdf', 'word', 'image'],
  assessment: ['pdf', 'word', 'image'],
  minutes: ['pdf', 'word', 'image'],
  other: ['pdf', 'word', 'excel', 'image'],
  photo: ['image'],
  after_photo: ['image'],
};

export const mimeTypesFor = (kind: DocumentKind): string[] =>
  acceptedFileTypes[kind].flatMap((g) => [...fileTypes[g].mime]);

export const isAcceptedFile = (kind: DocumentKind, mimeType: string): boolean =>
  mimeTypesFor(kind).includes(mimeType);

/** "PDF、Word（DOC、DOCX）或图片（JPG、PNG、WebP）": what the upload box says it takes. */
export function acceptedFileLabel(kind: DocumentKind): string {
  const labels = acceptedFileTypes[kind].map((g) => fileTypes[g].label);
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join('、')}或${labels.at(-1)}`;
}

/**
 * Where a stored document's file is, below the upload folder. Before the listing notice became an issued document
 * (7e9ae6d) its row stored the path with the upload folder already in it (`<uploadDir>/generated/<id>.html`,
 * absolute or relative as the folder was configured): joined to the folder again it named the folder twice and
 * could not be downloaded. Such a path is taken as it is, so long as it stays inside the upload folder; anything
 * else is relative to it. Undefined for a path that leaves the folder.
 */
export function storedFilePath(
  uploadDir: string,
  storagePath: string,
  resolve: (...p: string[]) => string,
  sep: string,
): string | undefined {
  const root = resolve(uploadDir);
  const inside = (p: string) => p.startsWith(root + sep);
  const prefixed = storagePath.startsWith(uploadDir.replace(/[\\/]+$/, '') + sep);
  const full = storagePath.startsWith(sep) || prefixed ? resolve(storagePath) : resolve(root, storagePath);
  return inside(full) ? full : undefined;
}
