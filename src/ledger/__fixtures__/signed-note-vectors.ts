/**
 * C2SP signed-note, tlog-checkpoint and tlog-proof vectors, copied from standards.md §2.4, §3.2
 * and §3.4. [SPEC] = c2sp.org or golang/mod sumdb/note; [LOCAL] = generated for this project.
 */

/** [SPEC] c2sp.org/signed-note "Verifier keys / Example". */
export const EXAMPLE_FOO = {
  vkey: 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
  text: 'This is an example message.\n',
  note:
    'This is an example message.\n' +
    '\n' +
    '\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
} as const;

/** [SPEC] golang/mod sumdb/note note.go package doc and note_test.go. */
export const PETER_NEUMANN = {
  skey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  text:
    'If you think cryptography is the answer to your problem,\n' +
    "then you don't know what your problem is.\n",
  signatureLine:
    '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
} as const;

/** [SPEC] golang/mod sumdb/note note_test.go: a second signer on the PeterNeumann text. */
export const ENOCH_ROOT = {
  vkey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  signatureLine:
    '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
} as const;

/** [SPEC] standards.md §2.2: a vkey whose base64 contains `+`. */
export const SUM_GOLANG_VKEY =
  'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** [SPEC] c2sp.org/tlog-checkpoint example; no key is published, so only the format is checkable. */
export const BEHIND_THE_SOFA_CHECKPOINT =
  'example.com/behind-the-sofa\n' +
  '20852163\n' +
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' +
  '\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

/** [LOCAL] Ed25519 test key and checkpoint of the 8-leaf tree of standards.md §1.8. */
export const MLOPS_AUDIT = {
  name: 'example.com/mlops-audit',
  seedHex: 'c7d310a3f3cdb637d6432292d1a5e83f5bb31d34bd0ade710ed836d77050c1f8',
  publicKeyHex: '8df10626e1af4e477e139e7ae53d86e275cdb9c2c5b8d1697142c5a76178ee2c',
  keyId: 0xe1894262,
  vkey: 'example.com/mlops-audit+e1894262+AY3xBibhr05HfhOeeuU9huJ1zbnCxbjRaXFCxadheO4s',
  skey: 'PRIVATE+KEY+example.com/mlops-audit+e1894262+AcfTEKPzzbY31kMiktGl6D9bsx00vQrecQ7YNtdwUMH4',
  checkpointText:
    'example.com/mlops-audit\n' + '8\n' + 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
  checkpointNote:
    'example.com/mlops-audit\n' +
    '8\n' +
    'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n' +
    '\n' +
    '\u2014 example.com/mlops-audit 4YlCYnnTkdpklz3keXHnS9w+NVar2DoDn9cZSCJMELLrh3HRTzJRINtHTYEPHxFJYrjbjv9en7qXKXcud2WViEQEsAw=\n',
} as const;

/** [LOCAL] standards.md §3.4: leaf 5 of the 8-leaf tree with the MLOPS_AUDIT checkpoint. */
export const MLOPS_TLOG_PROOF = {
  leafInputHex: '40414243',
  text:
    'c2sp.org/tlog-proof@v1\n' +
    'index 5\n' +
    'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n' +
    'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n' +
    '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n' +
    '\n' +
    MLOPS_AUDIT.checkpointNote,
  sha256: '3bfb9065d7e1f5560494c41b950a4839c7adedd7ceaa50958522d0922f2dc916',
} as const;

/**
 * [SPEC] c2sp.org/tlog-proof example. Its signatures are elided ("[...]") in the spec, so only
 * the proof's own lines can be parsed; the checkpoint is carried verbatim.
 */
export const C2SP_TLOG_PROOF_EXAMPLE =
  'c2sp.org/tlog-proof@v1\n' +
  'extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n' +
  'index 73894\n' +
  'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n' +
  'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n' +
  'EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n' +
  'RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n' +
  'AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n' +
  '\n' +
  'example.com/fancylog\n' +
  '109482\n' +
  'sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n' +
  '\n' +
  '\u2014 example.com/fancylog hI2DJw[...]1roloI=\n' +
  '\u2014 witness1.example mJirIklj[...]qY9v2B/5bg==\n' +
  '\u2014 witness2.example TnKKVHLX[...]xwYwrSjgow==\n' +
  '\u2014 witness3.example S4X82uH5[...]3oEcROGLFQ==\n';
