/** An informer over one kind of ProfileGate custom object in every namespace (list+watch RBAC). */
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import {
  RestartingInformer,
  type InformerOptions,
  type InformerSink,
  type ListResult,
  type Versioned,
} from './informer/restarting-informer.js';

export interface CustomResource {
  group: string;
  version: string;
  plural: string;
}

export function customObjectInformer<T extends Versioned>(
  kubeConfig: KubeConfig,
  resource: CustomResource,
  sink: InformerSink<T>,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<T> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = async (): Promise<ListResult<T>> =>
    (await api.listClusterCustomObject(resource)) as ListResult<T>;
  const { group, version, plural } = resource;
  return new RestartingInformer(
    { path: `/apis/${group}/${version}/${plural}`, list },
    new Watch(kubeConfig),
    sink,
    {
      ...options,
      name: plural,
    },
  );
}
